package io.certlife.renewal.acme;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.certlife.access.Roles;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.DnsRecordsRequestedV1;
import io.certlife.events.EventCodec;
import io.certlife.events.EventData;
import io.certlife.events.KeyCustody;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalFailedV1;
import io.certlife.events.RenewalRequirements;
import io.certlife.events.ServerCsrRequestedV1;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.LogCapture;
import io.certlife.testsupport.Openssl;
import io.certlife.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * ACME renewals end to end against real peers ({@link AcmePeers}): Pebble with external account binding and nonce
 * errors, BIND taking RFC 2136 updates signed with TSIG, and challtestsrv where the test plays the operator of a
 * MANUAL zone. Each issued chain is checked by {@code openssl verify} against Pebble's root.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
@WithTestResource(AcmePeers.class)
class AcmeRenewalTest {

    private static final Duration ISSUANCE = Duration.ofSeconds(90);

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    /** Everything logged while the class runs: dozens of ACME requests, each rejected with a bad nonce 40% of the time. */
    private static LogCapture logs;

    @BeforeAll
    static void captureTheLogs() {
        logs = LogCapture.start();
    }

    @AfterAll
    static void theNonceErrorsWereRetriedAndNoSecretWasLogged() {
        try (LogCapture captured = logs) {
            assertThat(captured.text()).as("Pebble rejected good nonces: acme4j retried them").contains("Bad Replay Nonce, trying again")
                    .as("no secret in the logs").doesNotContain(config("certlife.acme.eab-hmac-key"))
                    .doesNotContain(config("certlife.acme.zones.rfc.tsig-secret"));
        }
    }

    @BeforeEach
    void theAcmeIssuerTrustsPebblesRoot() throws Exception {
        TestTokens.as(Roles.ADMIN).contentType("application/x-pem-file").body(AcmePeers.pebbleRoot().getBytes(StandardCharsets.US_ASCII))
                .put("/issuers/ACME/trust-anchors").then().statusCode(200);
    }

    @Test
    void aCertificateInAnRfc2136ZoneIsRenewedThroughTheCaWithTheRecordWrittenAndRemovedByCertlife() throws Exception {
        List<String> names = List.of("www." + AcmePeers.RFC2136_ZONE, "mail." + AcmePeers.RFC2136_ZONE);
        String oldId = due("CN=www." + AcmePeers.RFC2136_ZONE, names, KeyCustody.CENTRAL);
        CertificateIssuedV1 issued = await(CertificateIssuedV1.class, i -> i.replacesCertificateId().equals(oldId), ISSUANCE);

        X509Certificate leaf = verifiesToPebblesRoot(issued);
        assertThat(leaf.getSubjectAlternativeNames().stream().map(n -> (String) n.get(1)).toList()).containsExactlyInAnyOrderElementsOf(names);
        given().get("/renewals/" + issued.renewalId()).then().statusCode(200).body("issuer", equalTo("ACME"))
                .body("state", equalTo("ISSUED"));
        for (String name : names) {
            assertThat(txt("_acme-challenge." + name)).as("certlife removed its record for " + name + " from BIND").isEmpty();
        }
        // the PFX goes to a server's task as with any other issuer
        given().contentType("application/json").body(Map.of("profile", "MODERN", "taskId", "t-acme"))
                .post("/certificates/" + issued.certificate().certificateId() + "/exports").then().statusCode(201);
    }

    @Test
    void aKeyMadeOnTheServerInAManualZoneIsCertifiedOnceTheOperatorHasCreatedTheRecord() throws Exception {
        String host = "portal." + AcmePeers.MANUAL_ZONE;
        String oldId = due("CN=" + host, List.of(host), KeyCustody.ON_SERVER);
        ServerCsrRequestedV1 requested = await(ServerCsrRequestedV1.class, r -> r.certificateId().equals(oldId), Duration.ofSeconds(20));
        Path server = Files.createTempDirectory("acme-server-key");
        Openssl.run("openssl req plays the server making its own key", Map.of(), "req", "-new", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", server.resolve("key.pem").toString(), "-subj", "/CN=" + host,
                "-addext", "subjectAltName=DNS:" + host, "-out", server.resolve("csr.pem").toString());
        given().contentType("application/pkcs10").body(Files.readAllBytes(server.resolve("csr.pem")))
                .post("/renewals/" + requested.renewalId() + "/server-csr").then().statusCode(200).body("state", equalTo("AWAITING_CERTIFICATE"));

        DnsRecordsRequestedV1 task = await(DnsRecordsRequestedV1.class, r -> r.certificateId().equals(oldId), Duration.ofSeconds(30));
        assertThat(task.records()).extracting(DnsRecordsRequestedV1.TxtRecord::name).containsExactly("_acme-challenge." + host);
        assertThat(task.until()).isAfter(Instant.now().plus(1, ChronoUnit.DAYS));
        Thread.sleep(3000);
        given().get("/renewals/" + requested.renewalId()).then().body("state", equalTo("AWAITING_CERTIFICATE"))
                .body("conditions[0].reason", equalTo("AcmeOrdering"));
        for (DnsRecordsRequestedV1.TxtRecord record : task.records()) {
            AcmePeers.setTxt(record.name(), record.value());
        }

        CertificateIssuedV1 issued = await(CertificateIssuedV1.class, i -> i.replacesCertificateId().equals(oldId), ISSUANCE);
        verifiesToPebblesRoot(issued);
        assertThat(issued.keyCustody()).isEqualTo(KeyCustody.ON_SERVER);
        Files.writeString(server.resolve("leaf.pem"), issued.certificatePem());
        assertThat(Openssl.run("the certificate's key", Map.of(), "x509", "-in", server.resolve("leaf.pem").toString(), "-noout", "-pubkey"))
                .as("the certificate certifies the key the server made")
                .isEqualTo(Openssl.run("the server's key", Map.of(), "pkey", "-in", server.resolve("key.pem").toString(), "-pubout"));
    }

    @Test
    void aRecordNotSeenInTimeFailsTheOrderAndRenewNowPlacesANewOne() throws Exception {
        String host = "app." + AcmePeers.SLOW_ZONE;
        String oldId = due("CN=" + host, List.of(host), KeyCustody.CENTRAL);
        DnsRecordsRequestedV1 first = await(DnsRecordsRequestedV1.class, r -> r.certificateId().equals(oldId), Duration.ofSeconds(30));
        RenewalFailedV1 failed = await(RenewalFailedV1.class, f -> f.certificateId().equals(oldId), Duration.ofSeconds(30));
        assertThat(failed.reason()).isEqualTo("DnsRecordNotVisible");
        assertThat(failed.terminal()).isFalse();
        assertThat(failed.attempt()).isEqualTo(1);
        assertThat(failed.message()).contains("_acme-challenge." + host).contains(AcmePeers.SLOW_ZONE);
        assertThat(failed.nextAttemptAt()).as("the renewal's backoff (an hour here)").isAfter(Instant.now().plus(50, ChronoUnit.MINUTES));
        given().get("/renewals/" + failed.renewalId()).then().body("conditions[0].reason", equalTo("DnsRecordNotVisible"));

        // renew now: the order is placed again at once
        given().contentType("application/json").body(Map.of("certificateId", oldId)).post("/renewals").then().statusCode(200)
                .body("id", equalTo(failed.renewalId()));
        DnsRecordsRequestedV1 second = await(DnsRecordsRequestedV1.class, r -> r.certificateId().equals(oldId)
                && !r.records().equals(first.records()), Duration.ofSeconds(30));
        for (DnsRecordsRequestedV1.TxtRecord record : second.records()) {
            AcmePeers.setTxt(record.name(), record.value());
        }
        CertificateIssuedV1 issued = await(CertificateIssuedV1.class, i -> i.replacesCertificateId().equals(oldId), ISSUANCE);
        verifiesToPebblesRoot(issued);
        given().get("/renewals/" + issued.renewalId()).then().body("attempts", equalTo(0));
    }

    private static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }

    private String due(String subject, List<String> names, KeyCustody custody) {
        String oldId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        kafka.sendEvent(CloudEvent.create("/certlife/inventory", oldId, new RenewalDueV1(
                new CertificateSummary(oldId, "7".repeat(40), "6".repeat(64), subject, "CN=Some Public CA", "0C", names,
                        now.minus(80, ChronoUnit.DAYS), now.plus(10, ChronoUnit.DAYS), "EC", 256, "SHA256withECDSA", false),
                2, now.minus(1, ChronoUnit.DAYS), List.of(new SlotRef(names.get(0), ServiceKind.IIS)), true,
                new RenewalRequirements(List.of(), null, false, null, custody), null, null), Clock.systemUTC()));
        return oldId;
    }

    private <T extends EventData> T await(Class<T> type, Predicate<T> which, Duration within) {
        return kafka.await(Topics.RENEWAL_EVENTS, r -> type.isInstance(EventCodec.decode(r.value()).data())
                        && which.test(type.cast(EventCodec.decode(r.value()).data())), 1, within).stream()
                .map(r -> type.cast(EventCodec.decode(r.value()).data())).findFirst().orElseThrow();
    }

    private static X509Certificate verifiesToPebblesRoot(CertificateIssuedV1 issued) throws Exception {
        Path dir = Files.createTempDirectory("acme-chain");
        Files.writeString(dir.resolve("root.pem"), AcmePeers.pebbleRoot());
        Files.writeString(dir.resolve("chain.pem"), String.join("\n", issued.chainPem()));
        Files.writeString(dir.resolve("leaf.pem"), issued.certificatePem());
        assertThat(issued.chainPem()).as("the chain above the leaf").isNotEmpty();
        assertThat(Openssl.run("openssl verify checks the ACME chain against Pebble's root", Map.of(), "verify", "-CAfile",
                dir.resolve("root.pem").toString(), "-untrusted", dir.resolve("chain.pem").toString(),
                dir.resolve("leaf.pem").toString())).contains("leaf.pem: OK");
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(issued.certificatePem().getBytes(StandardCharsets.US_ASCII)));
    }

    private static List<String> txt(String name) throws Exception {
        String[] bind = System.getProperty("certlife.test.bind").split(":");
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(bind[0], Integer.parseInt(bind[1])));
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.TXT, DClass.IN)));
        return answer.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
    }
}
