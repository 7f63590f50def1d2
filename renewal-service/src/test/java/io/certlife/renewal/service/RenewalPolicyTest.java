package io.certlife.renewal.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.certlife.access.Roles;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.EventCodec;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalPlannedV1;
import io.certlife.events.RenewalRequirements;
import io.certlife.events.RenewalStalledV1;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.keys.PrivateKeyRecord;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

/** Drift, approval, renew now, stall detection and capped validity, over real Kafka and PostgreSQL. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
@WithTestResource(InventoryStub.class)
class RenewalPolicyTest {

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Inject
    RenewalPlanner planner;

    @Test
    void aDriftingPlanWaitsForApprovalThenRequestsTheFixedClone() throws Exception {
        String oldId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        kafka.sendEvent(due(new CertificateSummary(oldId, "A".repeat(40), "B".repeat(64), "CN=cas01", "CN=Contoso Public CA", "0A",
                List.of("autodiscover.contoso.com", "mail.contoso.com"), now.minus(150, ChronoUnit.DAYS), now.plus(40, ChronoUnit.DAYS),
                "EC", 256, "SHA256withECDSA", false), true,
                new RenewalRequirements(List.of("mail.contoso.com", "pop.contoso.com"), "mail.contoso.com", true, 200)));

        Map<String, Object> renewal = awaitRenewal(oldId);
        String id = (String) renewal.get("id");
        assertThat(renewal).containsEntry("state", "PENDING_APPROVAL").containsEntry("keyAlgorithm", "RSA")
                .containsEntry("keySize", 2048).containsEntry("approvedBy", null)
                .containsEntry("subjectAltNames", List.of("mail.contoso.com", "autodiscover.contoso.com", "pop.contoso.com"));
        assertThat(given().get("/renewals/" + id).then().extract().jsonPath().<String>getList("drift.code"))
                .containsExactly("EcdsaNotSupported", "MissingNamespace", "IsaFirstSanOrder", "ExportableKeyRequired");
        given().get("/renewals/" + id).then().body("conditions[0].type", equalTo("Ready"))
                .body("conditions[0].status", equalTo("False")).body("conditions[0].reason", equalTo("PendingApproval"));
        RenewalPlannedV1 planned = kafka.await(Topics.RENEWAL_EVENTS, r -> r.value().contains(id)
                        && r.value().contains("io.certlife.renewal.planned.v1"), 1, Duration.ofSeconds(20)).stream()
                .map(r -> (RenewalPlannedV1) EventCodec.decode(r.value()).data()).findFirst().orElseThrow();
        assertThat(planned.autoApproved()).isFalse();
        assertThat(planned.drift()).hasSize(4);
        given().get("/renewals/" + id + "/csr").then().statusCode(409);
        assertThat(keysOf(id)).isZero();

        // the approver is the caller's identity (a body cannot name someone else)
        TestTokens.as(Roles.APPROVER).contentType("application/json").body(Map.of("by", "alice"))
                .post("/renewals/" + id + "/approve").then()
                .statusCode(200).body("state", equalTo("AWAITING_CERTIFICATE")).body("approvedBy", equalTo(Roles.APPROVER));
        TestTokens.as(Roles.APPROVER).post("/renewals/" + id + "/approve").then()
                .statusCode(409).body("detail", equalTo("renewal " + id + " is AWAITING_CERTIFICATE, not waiting for approval"));
        given().contentType("application/json").post("/renewals/" + UUID.randomUUID() + "/approve").then().statusCode(404);

        String csrPem = given().get("/renewals/" + id + "/csr").then().statusCode(200).extract().asString();
        JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(
                (PKCS10CertificationRequest) new PEMParser(new StringReader(csrPem)).readObject());
        assertThat(csr.getPublicKey()).isInstanceOf(RSAPublicKey.class);
        assertThat(((RSAPublicKey) csr.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        Extensions extensions = Extensions.getInstance(csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0]
                .getAttrValues().getObjectAt(0));
        assertThat(List.of(GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName).getNames()))
                .extracting(n -> n.getTagNo() == GeneralName.dNSName ? n.getName().toString() : "?")
                .containsExactly("mail.contoso.com", "autodiscover.contoso.com", "pop.contoso.com");
        assertThat(keysOf(id)).isOne();
    }

    @Test
    void renewNowReturnsTheExistingRenewalOrAsksInventoryToMakeTheCertificateDue() {
        String oldId = UUID.randomUUID().toString();
        kafka.sendEvent(due(selfSigned(oldId, 365), false, RenewalRequirements.NONE));
        String id = (String) awaitRenewal(oldId).get("id");

        given().contentType("application/json").body(Map.of("certificateId", oldId)).post("/renewals").then().statusCode(200)
                .body("id", equalTo(id)).body("state", equalTo("ISSUED"));
        assertThat(keysOf(id)).isOne();

        String unknown = "known-" + UUID.randomUUID();
        given().contentType("application/json").body(Map.of("certificateId", unknown)).post("/renewals").then().statusCode(202)
                .body("status", containsString("inventory-service made the certificate due"));
        assertThat(InventoryStub.REQUESTS).contains("POST /certificates/" + unknown + "/renewal");
        given().contentType("application/json").body(Map.of("certificateId", "nowhere")).post("/renewals").then().statusCode(404)
                .body("detail", equalTo("inventory-service knows no certificate nowhere"));
        given().contentType("application/json").body(Map.of()).post("/renewals").then().statusCode(400)
                .body("detail", equalTo("certificateId is required"));
    }

    /**
     * Four eyes: whoever asked for a renewal now (through this service, or at inventory-service) may not approve its
     * plan; another approver may. A renewal whose time came may be approved by any approver.
     */
    @Test
    void underFourEyesWhoAskedForARenewalMayNotApproveItsPlan() {
        RenewalRequirements drifting = new RenewalRequirements(List.of("new.contoso.com"), null, false, null);
        String viaRenewal = "known-" + UUID.randomUUID();
        TestTokens.as(TestTokens.EVERYONE).contentType("application/json").body(Map.of("certificateId", viaRenewal))
                .post("/renewals").then().statusCode(202);
        // inventory-service's RenewalDue names its caller, renewal-service's own identity: the request recorded here wins
        kafka.sendEvent(due(selfSigned(viaRenewal, 365), false, drifting, "renewal-service"));
        Map<String, Object> asked = awaitRenewal(viaRenewal);
        assertThat(asked).containsEntry("state", "PENDING_APPROVAL").containsEntry("requestedBy", TestTokens.EVERYONE);
        TestTokens.as(TestTokens.EVERYONE).post("/renewals/" + asked.get("id") + "/approve").then().statusCode(403)
                .body("detail", containsString("four eyes")).body("detail", containsString(TestTokens.EVERYONE));
        TestTokens.as(Roles.APPROVER).post("/renewals/" + asked.get("id") + "/approve").then().statusCode(200)
                .body("approvedBy", equalTo(Roles.APPROVER));

        String atInventory = UUID.randomUUID().toString();
        kafka.sendEvent(due(selfSigned(atInventory, 365), false, drifting, Roles.APPROVER));
        Map<String, Object> askedAtInventory = awaitRenewal(atInventory);
        assertThat(askedAtInventory).containsEntry("requestedBy", Roles.APPROVER);
        TestTokens.as(Roles.APPROVER).post("/renewals/" + askedAtInventory.get("id") + "/approve").then().statusCode(403);
        TestTokens.as(TestTokens.EVERYONE).post("/renewals/" + askedAtInventory.get("id") + "/approve").then().statusCode(200);

        String due = UUID.randomUUID().toString();
        kafka.sendEvent(due(selfSigned(due, 365), false, drifting));
        Map<String, Object> timeCame = awaitRenewal(due);
        assertThat(timeCame).containsEntry("requestedBy", null);
        TestTokens.as(Roles.APPROVER).post("/renewals/" + timeCame.get("id") + "/approve").then().statusCode(200);
    }

    @Test
    void aSelfSignedReplacementRespectsThePublicCapAndAStalledStageIsReportedOnce() {
        String oldId = UUID.randomUUID().toString();
        kafka.sendEvent(due(selfSigned(oldId, 365), false, new RenewalRequirements(List.of(), null, false, 100)));
        CertificateIssuedV1 issued = kafka.await(Topics.RENEWAL_EVENTS, r -> r.value().contains("io.certlife.certificate.issued.v1")
                        && r.value().contains(oldId), 1, Duration.ofSeconds(20)).stream()
                .map(r -> (CertificateIssuedV1) EventCodec.decode(r.value()).data()).findFirst().orElseThrow();
        assertThat(issued.certificate().notAfter()).isBefore(Instant.now().plus(100, ChronoUnit.DAYS).plusSeconds(60))
                .isAfter(Instant.now().plus(99, ChronoUnit.DAYS));

        String waiting = UUID.randomUUID().toString();
        kafka.sendEvent(due(selfSigned(waiting, 365), false, new RenewalRequirements(List.of("new.contoso.com"), null, false, null)));
        String id = (String) awaitRenewal(waiting).get("id");
        QuarkusTransaction.requiringNew().run(() -> Renewal.<Renewal>findById(UUID.fromString(id)).stateSince =
                Instant.now().minus(3, ChronoUnit.DAYS));
        assertThat(planner.detectStalls()).isGreaterThanOrEqualTo(1);
        planner.detectStalls();
        assertThat(kafka.await(Topics.RENEWAL_EVENTS, r -> r.value().contains("io.certlife.renewal.stalled.v1") && r.value().contains(id),
                1, Duration.ofSeconds(20))).singleElement().satisfies(r -> {
                    RenewalStalledV1 stalled = (RenewalStalledV1) EventCodec.decode(r.value()).data();
                    assertThat(stalled.stage()).isEqualTo("PENDING_APPROVAL");
                    assertThat(stalled.limit()).isEqualTo(Duration.ofDays(2));
                });
    }

    private static CertificateSummary selfSigned(String id, int days) {
        Instant now = Instant.now();
        return new CertificateSummary(id, "C".repeat(40), "D".repeat(64), "CN=hub07", "CN=hub07", "0F", List.of("hub07"),
                now.minus(days - 10, ChronoUnit.DAYS), now.plus(10, ChronoUnit.DAYS), "RSA", 2048, "SHA256withRSA", true);
    }

    private static CloudEvent<RenewalDueV1> due(CertificateSummary old, boolean exportable, RenewalRequirements requirements) {
        return due(old, exportable, requirements, null);
    }

    private static CloudEvent<RenewalDueV1> due(CertificateSummary old, boolean exportable, RenewalRequirements requirements,
                                                String requestedBy) {
        return CloudEvent.create("/certlife/inventory", old.certificateId(), new RenewalDueV1(old, 2, Instant.now(),
                List.of(new SlotRef("cas01.contoso.com", ServiceKind.IIS)), exportable, requirements, requestedBy, null),
                Clock.systemUTC());
    }

    private static Map<String, Object> awaitRenewal(String certificateId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !given().get("/renewals?certificateId=" + certificateId).then()
                .extract().jsonPath().getList("$").isEmpty());
        return given().get("/renewals?certificateId=" + certificateId).then().extract().jsonPath().<Map<String, Object>>getList("$").get(0);
    }

    private static long keysOf(String renewalId) {
        return QuarkusTransaction.requiringNew().call(() -> PrivateKeyRecord.count("renewalId", UUID.fromString(renewalId)));
    }
}
