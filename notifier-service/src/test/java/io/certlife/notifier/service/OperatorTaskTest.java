package io.certlife.notifier.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.icegreen.greenmail.util.GreenMail;
import io.certlife.events.CertificateExpiredV1;
import io.certlife.events.CertificateIssuedV1;
import java.time.temporal.TemporalAdjusters;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.time.LocalTime;
import java.time.DayOfWeek;
import io.certlife.events.CertificateExpiringV1;
import io.certlife.events.MaintenanceWindow;
import io.certlife.events.EstateEntity;
import io.certlife.events.RenewalPlannedV1;
import io.certlife.events.DnsRecordsRequestedV1;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.DeploymentVerifiedV1;
import io.certlife.events.KeyCustody;
import io.certlife.events.ServerCsrRequestedV1;
import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.notifier.HttpReceiver;
import io.certlife.notifier.Mailbox;
import io.certlife.notifier.NotifierSinks;
import io.certlife.notifier.TestEstate;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tasks a renewed certificate creates, the PFX export that reaches the ISA task's assignee, and the task lifecycle. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
@WithTestResource(NotifierSinks.class)
class OperatorTaskTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();
    private final List<String> exportRequests = new CopyOnWriteArrayList<>();

    @NotifierSinks.Sink
    GreenMail mail;

    @NotifierSinks.Sink
    HttpReceiver http;

    @Inject
    TaskExports exports;

    @Inject
    TaskService tasks;

    private final AtomicReference<List<Map<String, Object>>> served = new AtomicReference<>(List.of());
    private final List<String> discoveryRequests = new CopyOnWriteArrayList<>();

    @Inject
    TaskVerification verification;

    @BeforeEach
    void inventoryProbesWhatTheTestSays() {
        // inventory-service's discovery as the notifier calls it; inventory's own tests probe real TLS endpoints.
        http.handle("/discovery", request -> {
            discoveryRequests.add(request.body());
            return new HttpReceiver.Answer(200, Map.of("Content-Type", "application/json"),
                    json(Map.of("probed", served.get().size(), "reachable", served.get().size(), "endpoints", served.get())));
        });
    }

    @BeforeEach
    void renewalServiceExportsPfx() {
        // renewal-service's export API as the notifier calls it; its own tests cover building the PFX.
        http.handle("/certificates/{id}/exports", request -> {
            exportRequests.add(request.path() + " " + request.body());
            return new HttpReceiver.Answer(201, Map.of("Content-Type", "application/json"), """
                    {"exportId":"exp-%s","token":"tok-%s","password":null,"profile":"LEGACY","expiresAt":"%s"}"""
                    .formatted(UUID.randomUUID(), UUID.randomUUID(), Instant.now().plus(Duration.ofDays(1))));
        });
    }

    @Test
    void aRenewedCasCertificateGetsExchangeAndIsaTasksAndTheIsaAssigneeGetsTheLinkWhileAKeyCustodianRevealsThePassword() {
        TestEstate estate = new TestEstate(kafka).teamAndSite("ops-slack", "Europe/London");
        String cas = estate.server("CAS20", "WINDOWS_SERVER_2008", "LEGACY", ServerRole.CLIENT_ACCESS);
        String isa = estate.server("ISA20", "WINDOWS_SERVER_2003", "LEGACY", ServerRole.ISA);
        estate.publishingRule(isa, "OWA Listener", "mail.contoso.com", cas);
        TestEstate.awaitApplied("SERVER", isa);
        String old = UUID.randomUUID().toString();
        Instant oldNotAfter = Instant.now().plus(Duration.ofDays(14)).truncatedTo(ChronoUnit.SECONDS);
        kafka.sendEvent(TestEstate.event("/certlife/inventory", old, new CertificateExpiredV1(old, "AA", "CN=mail.contoso.com",
                oldNotAfter, false, List.of(new SlotRef(cas, ServiceKind.IIS)))));
        TestEstate.awaitKnown(old);

        CertificateSummary renewed = TestEstate.summary(UUID.randomUUID().toString(), "CN=mail.contoso.com",
                Instant.now().plus(Duration.ofDays(200)), "mail.contoso.com", "autodiscover.contoso.com");
        CloudEvent<CertificateIssuedV1> issued = TestEstate.issued(old, renewed, true,
                new SlotRef(cas, ServiceKind.IIS), new SlotRef(cas, ServiceKind.POP), new SlotRef(cas, ServiceKind.IMAP));
        kafka.sendEvent(issued);
        kafka.sendEvent(issued);

        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOn(cas).size() == 1 && tasksOn(isa).size() == 1);
        Map<String, Object> exchange = tasksOn(cas).get(0);
        assertThat(exchange).containsEntry("kind", "EXCHANGE_ENABLE").containsEntry("state", "OPEN")
                .containsEntry("assignee", estate.team).containsEntry("dueAt", oldNotAfter.minus(Duration.ofDays(1)).toString());
        assertThat(steps(exchange)).anyMatch(s -> s.equals("Enable-ExchangeCertificate -Server CAS20 -Thumbprint "
                + renewed.thumbprintSha1() + " -Services IIS,POP,IMAP"));
        assertThat(steps(exchange)).anyMatch(s -> s.startsWith("Enabling is additive: the old certificate AA keeps its services"));

        Map<String, Object> isaTask = tasksOn(isa).get(0);
        assertThat(isaTask).containsEntry("kind", "ISA_EXPORT").containsEntry("exportProfile", "LEGACY")
                .containsEntry("exportState", "PENDING");
        assertThat(isaTask.get("checks")).isEqualTo(List.of("OK: mail.contoso.com is the subject CN"));
        assertThat(steps(isaTask)).anyMatch(s -> s.contains("Web Listeners > OWA Listener"))
                .anyMatch(s -> s.startsWith("Listener OWA Listener is down between unbinding the old certificate and binding the new one"));
        String taskId = (String) isaTask.get("id");
        assertThat(kafka.await(Topics.NOTIFIER_EVENTS, r -> r.value().contains("io.certlife.task.created.v1")
                && r.value().contains(renewed.certificateId()), 2, Duration.ofSeconds(30))).hasSize(2);

        assertThat(exports.exportDue()).isGreaterThanOrEqualTo(1);
        // the export is made for this task: renewal-service keeps the password for a key custodian
        assertThat(exportRequests).contains("/certificates/" + renewed.certificateId() + "/exports {\"profile\":\"LEGACY\","
                + "\"taskId\":\"" + taskId + "\"}");
        given().get("/tasks/" + taskId).then().body("exportState", equalTo("DELIVERED"))
                .body("exportNote", containsString("a key custodian reveals the password of export exp-"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Mailbox.bodies(mail, estate.email).stream().anyMatch(b -> b.contains("tok-")));
        String link = Mailbox.bodies(mail, estate.email).stream().filter(b -> b.contains("tok-")).findFirst().orElseThrow();
        assertThat(link).contains("certlife exports password exp-");
        assertThat(http.requestsContaining("/slack/ops", "tok-")).as("the link goes by mail only").isEmpty();

        given().contentType("application/json").post("/tasks/" + taskId + "/start").then().statusCode(200)
                .body("state", equalTo("IN_PROGRESS"));
        // "done" is checked: inventory probes the certificate's slots; the ISA listener still serves the old one
        served.set(List.of(Map.of("endpoint", "isa20:443", "server", isa, "service", "ISA_LISTENER", "thumbprintSha1", "AA",
                "subject", "CN=mail.contoso.com")));
        given().contentType("application/json").body(Map.of("note", "bound on ISA20")).post("/tasks/" + taskId + "/done")
                .then().statusCode(200).body("state", equalTo("VERIFYING"));
        assertThat(verification.verifyDue()).isGreaterThanOrEqualTo(1);
        assertThat(discoveryRequests).contains("{\"certificate\":\"" + renewed.certificateId() + "\"}");
        given().get("/tasks/" + taskId).then().body("state", equalTo("IN_PROGRESS"))
                .body("note", containsString("saw CN=mail.contoso.com (thumbprint AA) on isa20:443 ISA_LISTENER, not "
                        + renewed.thumbprintSha1()));
        served.set(List.of(Map.of("endpoint", "isa20:443", "server", isa, "service", "ISA_LISTENER", "thumbprintSha1",
                renewed.thumbprintSha1(), "subject", "CN=mail.contoso.com")));
        given().contentType("application/json").body(Map.of("note", "bound on ISA20, really")).post("/tasks/" + taskId + "/done")
                .then().statusCode(200).body("state", equalTo("VERIFYING"));
        verification.verifyDue();
        given().get("/tasks/" + taskId).then().body("state", equalTo("DONE")).body("note", containsString("seen served on isa20:443"));
        given().contentType("application/json").post("/tasks/" + taskId + "/start").then().statusCode(409)
                .body("detail", equalTo("task " + taskId + " is DONE and cannot move to IN_PROGRESS (it is finished)"));
        given().contentType("application/json").post("/tasks/" + taskId + "/archive").then().statusCode(404)
                .body("detail", containsString("unknown task action 'archive'"));
        assertThat(kafka.await(Topics.NOTIFIER_EVENTS, r -> r.value().contains("io.certlife.task.completed.v1")
                && r.value().contains(taskId), 1, Duration.ofSeconds(30))).singleElement()
                .satisfies(r -> assertThat(r.value()).contains("\"outcome\":\"DONE\""));
    }

    @Test
    void aWrongFirstSanANonExportableKeyAnEdgeRenewalAndAnOverdueTaskAreAllSaidPlainly() {
        TestEstate estate = new TestEstate(kafka).teamAndSite("ops-slack", "UTC");
        String cas = estate.server("CAS21", "WINDOWS_SERVER_2008", "LEGACY", ServerRole.CLIENT_ACCESS);
        String isa = estate.server("ISA21", "WINDOWS_SERVER_2003", "LEGACY", ServerRole.ISA);
        String edge = estate.server("EDGE21", "WINDOWS_SERVER_2008", "LEGACY", ServerRole.EDGE_TRANSPORT);
        estate.publishingRule(isa, "Web Listener", "mail.contoso.com", cas);
        TestEstate.awaitApplied("SERVER", edge);
        String old = UUID.randomUUID().toString();
        kafka.sendEvent(TestEstate.event("/certlife/inventory", old, new CertificateExpiredV1(old, "BB", "CN=cas21",
                Instant.now().minus(Duration.ofDays(2)), true, List.of(new SlotRef(cas, ServiceKind.IIS)))));
        TestEstate.awaitKnown(old);

        kafka.sendEvent(TestEstate.issued(old, TestEstate.summary(UUID.randomUUID().toString(), "CN=cas21",
                Instant.now().plus(Duration.ofDays(365)), "autodiscover.contoso.com", "mail.contoso.com"), false,
                new SlotRef(cas, ServiceKind.IIS), new SlotRef(edge, ServiceKind.SMTP)));
        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOn(isa).size() == 1 && tasksOn(edge).size() == 2);
        Map<String, Object> isaTask = tasksOn(isa).get(0);
        assertThat(isaTask).as("certlife delivers the key it made, whatever Windows' exportable flag says")
                .containsEntry("exportState", "PENDING");
        assertThat(isaTask.get("checks")).isEqualTo(List.of("PROBLEM: ISA 2006 matches mail.contoso.com only against the subject CN "
                + "(cas21) or the first SAN (autodiscover.contoso.com): the rule will refuse this certificate; reissue it with "
                + "mail.contoso.com first"));
        assertThat(tasksOn(edge)).extracting(t -> t.get("kind")).containsExactlyInAnyOrder("EXCHANGE_ENABLE", "EDGESYNC_RESUBSCRIBE");
        String edgeSync = (String) tasksOn(edge).stream().filter(t -> "EDGESYNC_RESUBSCRIBE".equals(t.get("kind"))).findFirst()
                .orElseThrow().get("id");
        given().contentType("application/json").post("/tasks/" + edgeSync + "/export").then().statusCode(409)
                .body("detail", containsString("it carries no PFX export"));
        assertThat(tasksOn(cas).get(0)).as("the Exchange task delivers the PFX too").containsEntry("exportProfile", "LEGACY")
                .containsEntry("exportState", "PENDING");

        assertThat(tasks.alertOverdue()).isGreaterThanOrEqualTo(4);
        assertThat(tasks.alertOverdue()).isZero();
        List<Map<String, Object>> overdue = given().get("/alerts?server=" + edge).then().extract().jsonPath().getList("$");
        assertThat(overdue).extracting(a -> a.get("kind") + ":" + a.get("severity"))
                .containsExactlyInAnyOrder("TASK_OVERDUE:CRITICAL", "TASK_OVERDUE:CRITICAL");
        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.subjects(mail, estate.email).stream()
                .filter(s -> s.startsWith("Overdue task: ")).count() == 4);
    }

    @Test
    void discoverySeeingTheCertificateServedFinishesItsTasksAndClosingUnverifiedNeedsAReason() {
        TestEstate estate = new TestEstate(kafka).teamAndSite("ops-slack", "UTC");
        String hub = estate.server("HUB22", "WINDOWS_SERVER_2008", "LEGACY", ServerRole.HUB_TRANSPORT);
        String cas = estate.server("CAS22", "WINDOWS_SERVER_2008", "MODERN", ServerRole.CLIENT_ACCESS);
        TestEstate.awaitApplied("SERVER", cas);
        String old = UUID.randomUUID().toString();
        CertificateSummary renewed = TestEstate.summary(UUID.randomUUID().toString(), "CN=hub22",
                Instant.now().plus(Duration.ofDays(365)), "hub22.contoso.com");
        SlotRef smtp = new SlotRef(hub, ServiceKind.SMTP);
        SlotRef iis = new SlotRef(cas, ServiceKind.IIS);
        kafka.sendEvent(TestEstate.issued(old, renewed, false, smtp, iis));
        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOn(hub).size() == 1 && tasksOn(cas).size() == 1);

        // the Hub's slot is seen serving it (the operator never marked the task): the Hub's task is done, the CAS's is not
        kafka.sendEvent(TestEstate.event("/certlife/inventory", renewed.certificateId(), new DeploymentVerifiedV1(
                renewed.certificateId(), old, renewed.thumbprintSha1(), smtp, Instant.now(), List.of(iis))));
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(tasksOn(hub).get(0).get("state")));
        assertThat((String) tasksOn(hub).get(0).get("note")).startsWith("seen served on " + hub);
        String casTask = (String) tasksOn(cas).get(0).get("id");
        assertThat(tasksOn(cas).get(0)).containsEntry("state", "OPEN");

        given().contentType("application/json").post("/tasks/" + casTask + "/start").then().statusCode(200);
        given().contentType("application/json").post("/tasks/" + casTask + "/close").then().statusCode(400)
                .body("detail", containsString("needs a reason"));
        given().contentType("application/json").body(Map.of("note", "CAS22 is being decommissioned this week"))
                .post("/tasks/" + casTask + "/close").then().statusCode(200).body("state", equalTo("CLOSED_UNVERIFIED"));
        assertThat(kafka.await(Topics.NOTIFIER_EVENTS, r -> r.value().contains("io.certlife.task.completed.v1")
                && r.value().contains(casTask), 1, Duration.ofSeconds(30))).singleElement()
                .satisfies(r -> assertThat(r.value()).contains("\"outcome\":\"CLOSED_UNVERIFIED\""));
    }

    @Test
    void aKeyMadeOnTheServerGetsTheExactRequestCommandThenAnImportOntoThatRequestAndNoPfx() {
        TestEstate estate = new TestEstate(kafka).teamAndSite("ops-slack", "UTC");
        String hub = estate.server("HUB23", "WINDOWS_SERVER_2008", "LEGACY", ServerRole.HUB_TRANSPORT);
        TestEstate.awaitApplied("SERVER", hub);
        String old = UUID.randomUUID().toString();
        String renewalId = UUID.randomUUID().toString();
        SlotRef smtp = new SlotRef(hub, ServiceKind.SMTP);
        kafka.sendEvent(TestEstate.event("/certlife/renewal", renewalId, new ServerCsrRequestedV1(renewalId, old, "CN=" + hub,
                List.of(hub, "smtp23.contoso.com"), "RSA", 2048, false, List.of(smtp))));
        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOn(hub).size() == 1);
        Map<String, Object> request = tasksOn(hub).get(0);
        assertThat(request).containsEntry("kind", "SERVER_CSR").containsEntry("assignee", estate.team);
        assertThat(request.get("exportProfile")).isNull();
        assertThat(steps(request).get(0)).isEqualTo("On HUB23: New-ExchangeCertificate -Server HUB23 -GenerateRequest -Path "
                + "C:\\certlife\\" + renewalId + ".req -SubjectName \"CN=" + hub + "\" -DomainName " + hub + ",smtp23.contoso.com"
                + " -KeySize 2048 -PrivateKeyExportable $false   (the names in this order; the new key stays on HUB23; Exchange 2010 "
                + "and later name the file with -RequestFile instead of -Path)");
        assertThat(steps(request).get(1)).contains("certlife renewals server-csr " + renewalId + " " + renewalId + ".req");

        CertificateSummary renewed = TestEstate.summary(UUID.randomUUID().toString(), "CN=" + hub,
                Instant.now().plus(Duration.ofDays(365)), hub, "smtp23.contoso.com");
        kafka.sendEvent(TestEstate.event("/certlife/renewal", old, new CertificateIssuedV1(renewalId, old, renewed,
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", List.of(), List.of(smtp), false,
                KeyCustody.ON_SERVER)));
        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOn(hub).size() == 2);
        assertThat(given().get("/tasks/" + request.get("id")).then().extract().<String>path("state")).as("handed in").isEqualTo("DONE");
        Map<String, Object> enable = tasksOn(hub).stream().filter(t -> "EXCHANGE_ENABLE".equals(t.get("kind"))).findFirst().orElseThrow();
        assertThat(enable.get("exportProfile")).as("the key never left the server: no PFX").isNull();
        assertThat(steps(enable).get(0)).contains("certlife certs get " + renewed.certificateId() + " --chain -o "
                + renewed.thumbprintSha1() + ".cer");
        assertThat(steps(enable).get(1)).startsWith("Import-ExchangeCertificate -Server HUB23").contains("completes the pending request")
                .doesNotContain("-Password");
    }

    @Test
    void anAcmeOrderInAManualZoneGetsATaskPerOrderWithTheExactRecordsDoneWhenIssued() {
        TestEstate estate = new TestEstate(kafka).teamAndSite("ops-slack", "UTC");
        String cas = estate.server("CAS31", "WINDOWS_SERVER_2008", "LEGACY", ServerRole.CLIENT_ACCESS);
        TestEstate.awaitApplied("SERVER", cas);
        String old = UUID.randomUUID().toString();
        String renewalId = UUID.randomUUID().toString();
        SlotRef iis = new SlotRef(cas, ServiceKind.IIS);
        kafka.sendEvent(TestEstate.event("/certlife/renewal", renewalId, new RenewalPlannedV1(renewalId, old, 2, "ACME",
                "CN=mail31.contoso.com", List.of("mail31.contoso.com"), "EC", 256, false, List.of(iis), List.of(), true)));
        Instant until = Instant.now().plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        kafka.sendEvent(TestEstate.event("/certlife/renewal", renewalId, new DnsRecordsRequestedV1(renewalId, old, List.of(
                new DnsRecordsRequestedV1.TxtRecord("contoso.com", "_acme-challenge.mail31.contoso.com", "first-value")), until)));
        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOn("contoso.com").size() == 1);
        Map<String, Object> first = tasksOn("contoso.com").get(0);
        assertThat(first).containsEntry("kind", "DNS_RECORD").containsEntry("assignee", estate.team)
                .containsEntry("dueAt", until.toString());
        assertThat(steps(first).get(0)).isEqualTo("In zone contoso.com create TXT _acme-challenge.mail31.contoso.com = "
                + "\"first-value\" (TTL 60 s). Windows DNS: Add-DnsServerResourceRecord -ZoneName contoso.com -Name "
                + "_acme-challenge.mail31 -Txt -DescriptiveText \"first-value\" -TimeToLive 00:01:00");

        // the order failed and a new one asks for another value: the first task is cancelled, a second one opened
        kafka.sendEvent(TestEstate.event("/certlife/renewal", renewalId, new DnsRecordsRequestedV1(renewalId, old, List.of(
                new DnsRecordsRequestedV1.TxtRecord("contoso.com", "_acme-challenge.mail31.contoso.com", "second-value")), until)));
        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOn("contoso.com").size() == 2);
        assertThat(given().get("/tasks/" + first.get("id")).then().extract().<String>path("state")).isEqualTo("CANCELLED");
        Map<String, Object> second = tasksOn("contoso.com").stream().filter(t -> !t.get("id").equals(first.get("id"))).findFirst().orElseThrow();
        assertThat(steps(second).get(0)).contains("\"second-value\"");

        CertificateSummary renewed = TestEstate.summary(UUID.randomUUID().toString(), "CN=mail31.contoso.com",
                Instant.now().plus(Duration.ofDays(90)), "mail31.contoso.com");
        kafka.sendEvent(TestEstate.event("/certlife/renewal", old, new CertificateIssuedV1(renewalId, old, renewed,
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", List.of(), List.of(iis), false, KeyCustody.CENTRAL)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(given().get("/tasks/" + second.get("id")).then().extract().path("state")));
    }

    @Test
    void activationIsPlannedIntoTheSitesNextMaintenanceWindowOrAlertsWhenNoneFits() {
        TestEstate estate = new TestEstate(kafka);
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        estate.topology("TEAM", estate.team, new EstateEntity.Team(estate.team, estate.email, "ops-slack"));
        estate.topology("SITE", estate.site, new EstateEntity.Site(estate.site, berlin.getId(), estate.team, List.of(
                new MaintenanceWindow(DayOfWeek.SATURDAY, null, LocalTime.of(22, 0), Duration.ofHours(6)))));
        TestEstate.awaitApplied("SITE", estate.site);
        String cas = estate.server("CAS41", "WINDOWS_SERVER_2008", "LEGACY", ServerRole.CLIENT_ACCESS);
        TestEstate.awaitApplied("SERVER", cas);
        SlotRef iis = new SlotRef(cas, ServiceKind.IIS);

        // the old certificate has 30 days left: the next Saturday night fits
        String old = UUID.randomUUID().toString();
        kafka.sendEvent(TestEstate.expiring(old, "CN=mail41.contoso.com", 30, 30, iis));
        TestEstate.awaitKnown(old);
        CertificateSummary renewed = TestEstate.summary(UUID.randomUUID().toString(), "CN=mail41.contoso.com",
                Instant.now().plus(Duration.ofDays(365)), "mail41.contoso.com");
        kafka.sendEvent(TestEstate.issued(old, renewed, true, iis));
        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOn(cas).size() == 1);
        Map<String, Object> enable = tasksOn(cas).get(0);
        ZonedDateTime start = ZonedDateTime.now(berlin).with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY))
                .truncatedTo(ChronoUnit.DAYS).withHour(22);
        if (start.isBefore(ZonedDateTime.now(berlin))) {
            start = start.plusWeeks(1);
        }
        assertThat(Instant.parse((String) enable.get("windowStart"))).isEqualTo(start.toInstant());
        assertThat(Instant.parse((String) enable.get("windowEnd"))).isEqualTo(start.toInstant().plus(Duration.ofHours(6)));
        assertThat(enable.get("dueAt")).as("due when the window ends").isEqualTo(enable.get("windowEnd"));
        assertThat(steps(enable).get(0)).startsWith("Do this in site " + estate.site + "'s maintenance window Sat "
                + start.toLocalDate() + " 22:00 - ").endsWith("(Europe/Berlin); the task is due when it ends.");

        // a certificate a day and an hour from expiry: no window ends a day before it; an emergency
        String late = UUID.randomUUID().toString();
        kafka.sendEvent(TestEstate.event("/certlife/inventory", late, new CertificateExpiringV1(late, "CD" + late.hashCode(),
                "CN=owa41.contoso.com", Instant.now().plus(Duration.ofHours(25)), 1, 1, false, List.of(iis))));
        TestEstate.awaitKnown(late);
        CertificateSummary urgent = TestEstate.summary(UUID.randomUUID().toString(), "CN=owa41.contoso.com",
                Instant.now().plus(Duration.ofDays(365)), "owa41.contoso.com");
        kafka.sendEvent(TestEstate.issued(late, urgent, true, iis));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/alerts?certificateId=" + urgent.certificateId()).then()
                .extract().jsonPath().<String>getList("kind").contains("MAINTENANCE_WINDOW_MISSED"));
        Map<String, Object> emergency = tasksOn(cas).stream().filter(t -> urgent.certificateId().equals(t.get("certificateId")))
                .findFirst().orElseThrow();
        assertThat(emergency.get("windowStart")).isNull();
        assertThat(Instant.parse((String) emergency.get("dueAt"))).isBefore(Instant.now().plus(Duration.ofHours(2)));
    }

    private static String json(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> tasksOn(String server) {
        return given().get("/tasks?server=" + server).then().statusCode(200).extract().jsonPath().getList("$");
    }

    @SuppressWarnings("unchecked")
    private static List<String> steps(Map<String, Object> task) {
        return (List<String>) task.get("steps");
    }
}
