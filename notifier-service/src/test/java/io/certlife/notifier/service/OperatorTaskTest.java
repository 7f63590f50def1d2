package io.certlife.notifier.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.icegreen.greenmail.util.GreenMail;
import io.certlife.events.CertificateExpiredV1;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
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
        given().contentType("application/json").body(Map.of("note", "bound on ISA20")).post("/tasks/" + taskId + "/done")
                .then().statusCode(200).body("state", equalTo("DONE"));
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
        assertThat(isaTask).containsEntry("exportState", "BLOCKED");
        assertThat((String) isaTask.get("exportNote")).contains("is not exportable");
        assertThat(isaTask.get("checks")).isEqualTo(List.of("PROBLEM: ISA 2006 matches mail.contoso.com only against the subject CN "
                + "(cas21) or the first SAN (autodiscover.contoso.com): the rule will refuse this certificate; reissue it with "
                + "mail.contoso.com first"));
        assertThat(tasksOn(edge)).extracting(t -> t.get("kind")).containsExactlyInAnyOrder("EXCHANGE_ENABLE", "EDGESYNC_RESUBSCRIBE");
        given().contentType("application/json").post("/tasks/" + tasksOn(cas).get(0).get("id") + "/export").then().statusCode(409)
                .body("detail", containsString("only ISA_EXPORT tasks carry a PFX export"));

        assertThat(tasks.alertOverdue()).isGreaterThanOrEqualTo(4);
        assertThat(tasks.alertOverdue()).isZero();
        List<Map<String, Object>> overdue = given().get("/alerts?server=" + edge).then().extract().jsonPath().getList("$");
        assertThat(overdue).extracting(a -> a.get("kind") + ":" + a.get("severity"))
                .containsExactlyInAnyOrder("TASK_OVERDUE:CRITICAL", "TASK_OVERDUE:CRITICAL");
        await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.subjects(mail, estate.email).stream()
                .filter(s -> s.startsWith("Overdue task: ")).count() == 4);
    }

    private static List<Map<String, Object>> tasksOn(String server) {
        return given().get("/tasks?server=" + server).then().statusCode(200).extract().jsonPath().getList("$");
    }

    @SuppressWarnings("unchecked")
    private static List<String> steps(Map<String, Object> task) {
        return (List<String>) task.get("steps");
    }
}
