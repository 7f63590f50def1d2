package io.certlife.events;

/**
 * The versioned {@code data} of a certlife event. Each implementation is one version of one event;
 * its CloudEvents type is registered in {@link EventType}.
 */
public sealed interface EventData permits
        CertificateDiscoveredV1, CertificateExpiringV1, CertificateExpiredV1, RenewalDueV1,
        PolicyFindingRaisedV1, PolicyFindingResolvedV1, TopologyChangedV1,
        RenewalPlannedV1, CsrGeneratedV1, CertificateIssuedV1, RenewalFailedV1, RenewalStalledV1,
        NotificationSentV1, NotificationFailedV1, TaskCreatedV1, TaskCompletedV1, AuditRecordedV1, PfxExportRecordedV1,
        DeploymentVerifiedV1, DeploymentOverdueV1, ServerCsrRequestedV1, DnsRecordsRequestedV1, AlertsGroupedV1 {
}
