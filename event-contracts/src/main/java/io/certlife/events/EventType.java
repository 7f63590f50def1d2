package io.certlife.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event catalogue: each CloudEvents {@code type} string with the data record of that version and
 * the topic it is published on. A breaking change to a data record is a new entry ({@code ...v2}).
 */
public enum EventType {
    CERTIFICATE_DISCOVERED("io.certlife.certificate.discovered.v1", CertificateDiscoveredV1.class, Topics.INVENTORY_EVENTS),
    CERTIFICATE_EXPIRING("io.certlife.certificate.expiring.v1", CertificateExpiringV1.class, Topics.INVENTORY_EVENTS),
    CERTIFICATE_EXPIRED("io.certlife.certificate.expired.v1", CertificateExpiredV1.class, Topics.INVENTORY_EVENTS),
    RENEWAL_DUE("io.certlife.renewal.due.v1", RenewalDueV1.class, Topics.INVENTORY_EVENTS),
    POLICY_FINDING_RAISED("io.certlife.policy.finding.raised.v1", PolicyFindingRaisedV1.class, Topics.INVENTORY_EVENTS),
    POLICY_FINDING_RESOLVED("io.certlife.policy.finding.resolved.v1", PolicyFindingResolvedV1.class, Topics.INVENTORY_EVENTS),
    TOPOLOGY_CHANGED("io.certlife.topology.changed.v1", TopologyChangedV1.class, Topics.INVENTORY_EVENTS),
    RENEWAL_PLANNED("io.certlife.renewal.planned.v1", RenewalPlannedV1.class, Topics.RENEWAL_EVENTS),
    CSR_GENERATED("io.certlife.renewal.csr.generated.v1", CsrGeneratedV1.class, Topics.RENEWAL_EVENTS),
    CERTIFICATE_ISSUED("io.certlife.certificate.issued.v1", CertificateIssuedV1.class, Topics.RENEWAL_EVENTS),
    RENEWAL_FAILED("io.certlife.renewal.failed.v1", RenewalFailedV1.class, Topics.RENEWAL_EVENTS),
    RENEWAL_STALLED("io.certlife.renewal.stalled.v1", RenewalStalledV1.class, Topics.RENEWAL_EVENTS),
    NOTIFICATION_SENT("io.certlife.notification.sent.v1", NotificationSentV1.class, Topics.NOTIFIER_EVENTS),
    NOTIFICATION_FAILED("io.certlife.notification.failed.v1", NotificationFailedV1.class, Topics.NOTIFIER_EVENTS),
    TASK_CREATED("io.certlife.task.created.v1", TaskCreatedV1.class, Topics.NOTIFIER_EVENTS),
    TASK_COMPLETED("io.certlife.task.completed.v1", TaskCompletedV1.class, Topics.NOTIFIER_EVENTS),
    AUDIT_RECORDED("io.certlife.audit.recorded.v1", AuditRecordedV1.class, Topics.AUDIT_EVENTS),
    PFX_EXPORT_RECORDED("io.certlife.export.recorded.v1", PfxExportRecordedV1.class, Topics.RENEWAL_EVENTS),
    DEPLOYMENT_VERIFIED("io.certlife.deployment.verified.v1", DeploymentVerifiedV1.class, Topics.INVENTORY_EVENTS),
    DEPLOYMENT_OVERDUE("io.certlife.deployment.overdue.v1", DeploymentOverdueV1.class, Topics.INVENTORY_EVENTS),
    SERVER_CSR_REQUESTED("io.certlife.renewal.server-csr.requested.v1", ServerCsrRequestedV1.class, Topics.RENEWAL_EVENTS),
    /** Delivered to webhooks only: no topic. */
    ALERTS_GROUPED("io.certlife.alerts.grouped.v1", AlertsGroupedV1.class, null),
    DNS_RECORDS_REQUESTED("io.certlife.renewal.dns-records.requested.v1", DnsRecordsRequestedV1.class, Topics.RENEWAL_EVENTS);

    private static final Map<String, EventType> BY_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::dataClass, Function.identity()));

    private final String type;
    private final Class<? extends EventData> dataClass;
    private final String topic;

    EventType(String type, Class<? extends EventData> dataClass, String topic) {
        this.type = type;
        this.dataClass = dataClass;
        this.topic = topic;
    }

    /** The CloudEvents {@code type} attribute, ending in the data version. */
    public String type() {
        return type;
    }

    public Class<? extends EventData> dataClass() {
        return dataClass;
    }

    /** The topic on which the owning service publishes this event; null for one sent only to webhooks. */
    public String topic() {
        return topic;
    }

    public static Optional<EventType> fromType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    public static EventType of(EventData data) {
        return BY_CLASS.get(data.getClass());
    }
}
