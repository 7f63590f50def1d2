package io.certlife.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One fixed example of every event in the catalogue; the golden files in {@code golden/} are these, encoded. */
final class GoldenSamples {

    static final Instant TIME = Instant.parse("2026-11-22T08:00:00Z");
    static final String CERT = "6f1c1a52-5d0e-4c55-9a43-1f0e1b7c2d10";
    static final String NEW_CERT = "0b8f8f52-0d6e-47a1-b1f4-8f3b5d7a9e21";
    static final String RENEWAL = "a4b2c3d4-1111-4222-8333-944455556666";
    static final SlotRef IIS = new SlotRef("cas01.contoso.com", ServiceKind.IIS);
    static final SlotRef POP = new SlotRef("cas01.contoso.com", ServiceKind.POP);

    static final CertificateSummary SUMMARY = new CertificateSummary(CERT,
            "3B7E0F2A9C1D4E5F60718293A4B5C6D7E8F90A1B",
            "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
            "CN=mail.contoso.com,O=Contoso,C=US", "CN=Contoso Public CA,O=Example Trust,C=US", "5A3C2B1D00FF",
            List.of("mail.contoso.com", "autodiscover.contoso.com", "cas01.contoso.com"),
            Instant.parse("2026-06-01T00:00:00Z"), Instant.parse("2026-12-18T00:00:00Z"),
            "RSA", 2048, "SHA256withRSA", false);

    static final Map<EventType, EventData> DATA = Map.ofEntries(
            Map.entry(EventType.CERTIFICATE_DISCOVERED, new CertificateDiscoveredV1(SUMMARY, "IMPORT")),
            Map.entry(EventType.CERTIFICATE_EXPIRING, new CertificateExpiringV1(CERT, SUMMARY.thumbprintSha1(),
                    SUMMARY.subject(), SUMMARY.notAfter(), 30, 25, false, List.of(IIS, POP))),
            Map.entry(EventType.CERTIFICATE_EXPIRED, new CertificateExpiredV1(CERT, SUMMARY.thumbprintSha1(),
                    "CN=hub01", Instant.parse("2026-11-20T00:00:00Z"), true,
                    List.of(new SlotRef("hub01.contoso.com", ServiceKind.SMTP)))),
            Map.entry(EventType.RENEWAL_DUE, new RenewalDueV1(SUMMARY, 2, Instant.parse("2026-10-09T00:00:00Z"),
                    List.of(IIS, POP), true, new RenewalRequirements(List.of("mail.contoso.com", "autodiscover.contoso.com"),
                    "mail.contoso.com", true, 200), "alice@contoso.com",
                    "-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----\n", List.of(
                    new RenewalDueV1.ActivationWindow("ams", Instant.parse("2026-10-17T20:00:00Z"), Instant.parse("2026-10-18T02:00:00Z")),
                    new RenewalDueV1.ActivationWindow("nyc", null, null)))),
            Map.entry(EventType.POLICY_FINDING_RAISED, new PolicyFindingRaisedV1("f-1", "ISA_FIRST_SAN", Severity.ERROR,
                    "ISA 2006 matches mail.contoso.com against the CN or the first SAN only", CERT, IIS)),
            Map.entry(EventType.POLICY_FINDING_RESOLVED, new PolicyFindingResolvedV1("f-1", "ISA_FIRST_SAN", CERT, IIS)),
            Map.entry(EventType.TOPOLOGY_CHANGED, new TopologyChangedV1("NAMESPACE", "pop.contoso.com", "CREATED", null,
                    topologyAfter(), List.of(CERT))),
            Map.entry(EventType.RENEWAL_PLANNED, new RenewalPlannedV1(RENEWAL, CERT, 2, "CSR", SUMMARY.subject(),
                    SUMMARY.subjectAltNames(), "RSA", 2048, true, List.of(IIS, POP),
                    List.of(new DriftItem("EXPORTABLE_KEY_REQUIRED", Severity.ERROR,
                            "ISA rule owa publishes this certificate: the new key must be exportable")), false)),
            Map.entry(EventType.CSR_GENERATED, new CsrGeneratedV1(RENEWAL, CERT, SUMMARY.subject(),
                    SUMMARY.subjectAltNames(), "-----BEGIN CERTIFICATE REQUEST-----\nMIIB...\n-----END CERTIFICATE REQUEST-----\n")),
            Map.entry(EventType.CERTIFICATE_ISSUED, new CertificateIssuedV1(RENEWAL, CERT,
                    new CertificateSummary(NEW_CERT, "0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D",
                            "1F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", SUMMARY.subject(),
                            "CN=Contoso Internal CA", "7E11", SUMMARY.subjectAltNames(),
                            Instant.parse("2026-11-22T07:59:00Z"), Instant.parse("2027-06-10T07:59:00Z"),
                            "RSA", 2048, "SHA256withRSA", false),
                    "-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----\n",
                    List.of("-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----\n"), List.of(IIS, POP), true)),
            Map.entry(EventType.RENEWAL_FAILED, new RenewalFailedV1(RENEWAL, CERT, "IssuerUnavailable",
                    "internal CA did not answer within 30s", false, 2, Instant.parse("2026-11-22T10:00:00Z"))),
            Map.entry(EventType.RENEWAL_STALLED, new RenewalStalledV1(RENEWAL, CERT, "AWAITING_CERTIFICATE",
                    Instant.parse("2026-11-15T08:00:00Z"), Duration.ofDays(7))),
            Map.entry(EventType.PFX_EXPORT_RECORDED, new PfxExportRecordedV1("e-1", NEW_CERT,
                    PfxExportRecordedV1.Action.CREATED, "LEGACY", "t-1", "notifier-service", Instant.parse("2026-11-23T08:00:00Z"))),
            Map.entry(EventType.NOTIFICATION_SENT, new NotificationSentV1("n-1", "e-1", "EMAIL", "ops@contoso.com")),
            Map.entry(EventType.NOTIFICATION_FAILED, new NotificationFailedV1("n-2", "e-1", "SLACK", "#pki",
                    "HttpClientError", "webhook answered 404")),
            Map.entry(EventType.TASK_CREATED, new TaskCreatedV1("t-1", "ISA_EXPORT",
                    "Import the renewed mail.contoso.com certificate on isa01 and bind it to listener OWA",
                    "isa01.contoso.com", NEW_CERT, "perimeter-team", Instant.parse("2026-12-11T00:00:00Z"))),
            Map.entry(EventType.TASK_COMPLETED, new TaskCompletedV1("t-1", "ISA_EXPORT", "DONE")),
            Map.entry(EventType.DEPLOYMENT_VERIFIED, new DeploymentVerifiedV1(NEW_CERT, CERT,
                    "0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D", IIS, Instant.parse("2026-11-23T09:15:00Z"), List.of(POP))),
            Map.entry(EventType.DEPLOYMENT_OVERDUE, new DeploymentOverdueV1(NEW_CERT, CERT,
                    "0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D", Instant.parse("2026-11-15T08:00:00Z"), Duration.ofDays(7),
                    List.of(POP))),
            Map.entry(EventType.SERVER_CSR_REQUESTED, new ServerCsrRequestedV1(RENEWAL, CERT, "CN=hub01",
                    List.of("hub01", "hub01.contoso.com"), "RSA", 2048, false,
                    List.of(new SlotRef("hub01.contoso.com", ServiceKind.SMTP)))),
            Map.entry(EventType.DNS_RECORDS_REQUESTED, new DnsRecordsRequestedV1(RENEWAL, CERT, List.of(
                    new DnsRecordsRequestedV1.TxtRecord("contoso.com", "_acme-challenge.mail.contoso.com",
                            "LPsIwTo7o8BoG0-vjCyGQGBWSVIPxI-i_X336eUOQZo")), Instant.parse("2026-11-24T08:00:00Z"))),
            Map.entry(EventType.ALERTS_GROUPED, new AlertsGroupedV1("messaging", "ops-webhook", 2, List.of(
                    new AlertsGroupedV1.GroupedAlert("al-1", "CERTIFICATE_EXPIRED", "CRITICAL", CERT, "hub01.contoso.com", "ams",
                            "hub01 on HUB01 (SMTP) expired 2 days ago: no renewal yet", "Expired 2026-11-20.", "e-2"),
                    new AlertsGroupedV1.GroupedAlert("al-2", "CERTIFICATE_EXPIRING", "WARNING", CERT, "cas01.contoso.com", "ams",
                            "mail.contoso.com on CAS01 (IIS, POP) expires in 25 days: renewal planned", "Expires 2026-12-18.",
                            "e-1")))),
            Map.entry(EventType.AUDIT_RECORDED, new AuditRecordedV1("a-1", "inventory-service", TIME, "ops-platform",
                    List.of("admin"), "PUT /teams/{name}", "/teams/messaging", 201, "10.1.2.3", "r-1")));

    private GoldenSamples() {
    }

    static CloudEvent<EventData> event(EventType type) {
        EventData data = DATA.get(type);
        String subject = type == EventType.TOPOLOGY_CHANGED ? "pop.contoso.com" : CERT;
        String source = type.topic() == null ? "/certlife/notifier" : switch (type.topic()) {
            case Topics.INVENTORY_EVENTS -> "/certlife/inventory";
            case Topics.RENEWAL_EVENTS -> "/certlife/renewal";
            case Topics.AUDIT_EVENTS -> "/certlife/inventory";
            default -> "/certlife/notifier";
        };
        return new CloudEvent<>(CloudEvent.SPEC_VERSION, "00000000-0000-4000-8000-" + String.format("%012d", type.ordinal()),
                source, type.type(), subject, TIME, CloudEvent.JSON, data);
    }

    private static EstateEntity topologyAfter() {
        return new EstateEntity.Namespace("pop.contoso.com", List.of("POP_IMAP_CLIENT"), List.of("cas01.contoso.com"),
                List.of(ServiceKind.POP, ServiceKind.IMAP));
    }
}
