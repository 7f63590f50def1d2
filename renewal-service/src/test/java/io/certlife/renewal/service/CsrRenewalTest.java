package io.certlife.renewal.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.certlife.access.Roles;
import io.certlife.events.CertificateIssuedV1;
import io.certlife.events.CertificateSummary;
import io.certlife.events.CloudEvent;
import io.certlife.events.CsrGeneratedV1;
import io.certlife.events.EventCodec;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.RenewalRequirements;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.events.Topics;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.KafkaTestClient;
import io.certlife.testsupport.Openssl;
import io.certlife.testsupport.TestCertificates;
import io.certlife.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

/** A CSR renewal: the request verifies in openssl, and only the right certificate with a verifying chain is accepted. */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
class CsrRenewalTest {

    private static final Instant NOW = Instant.now();
    private static final TestCertificates.Issued CA = TestCertificates.certificateAuthority("Contoso Test CA",
            NOW.minus(1, ChronoUnit.DAYS), NOW.plus(3000, ChronoUnit.DAYS));

    private final KafkaTestClient kafka = KafkaTestClient.fromConfig();

    @Test
    void aCsrRenewalAcceptsOnlyTheCertificateForItsKeyNamesAndChain() throws Exception {
        String oldId = UUID.randomUUID().toString();
        List<String> sans = List.of("mail.contoso.com", "autodiscover.contoso.com", "cas01.contoso.com");
        kafka.sendEvent(CloudEvent.create("/certlife/inventory", oldId, new RenewalDueV1(
                new CertificateSummary(oldId, "A".repeat(40), "B".repeat(64), "CN=mail.contoso.com,O=Contoso", "CN=Contoso Test CA",
                        "0A", sans, NOW.minus(150, ChronoUnit.DAYS), NOW.plus(40, ChronoUnit.DAYS), "RSA", 2048, "SHA256withRSA", false),
                2, NOW.minus(1, ChronoUnit.DAYS), List.of(new SlotRef("cas01.contoso.com", ServiceKind.IIS)), true, RenewalRequirements.NONE), Clock.systemUTC()));
        CsrGeneratedV1 generated = kafka.await(Topics.RENEWAL_EVENTS, r -> EventCodec.decode(r.value()).data()
                        instanceof CsrGeneratedV1 c && c.certificateId().equals(oldId), 1, Duration.ofSeconds(20)).stream()
                .map(r -> (CsrGeneratedV1) EventCodec.decode(r.value()).data()).findFirst().orElseThrow();
        String renewalId = generated.renewalId();
        given().get("/renewals/" + renewalId).then().statusCode(200).body("state", equalTo("AWAITING_CERTIFICATE"));

        String csrPem = given().get("/renewals/" + renewalId + "/csr").then().statusCode(200).extract().asString();
        assertThat(csrPem).isEqualTo(generated.csrPem()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        byte[] der = given().accept("application/pkcs10").get("/renewals/" + renewalId + "/csr").then().statusCode(200)
                .extract().asByteArray();
        assertThat(new PKCS10CertificationRequest(der).getSubject().toString()).isEqualTo("CN=mail.contoso.com,O=Contoso");
        opensslVerifies(csrPem);

        JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(
                (PKCS10CertificationRequest) new PEMParser(new StringReader(csrPem)).readObject());
        String otherKey = pem(issue(TestCertificates.rsaKeyPair().getPublic(), sans));
        post(renewalId, otherKey + CA.pem()).statusCode(422).body("detail", containsString("another key"));
        post(renewalId, pem(issue(csr.getPublicKey(), sans.subList(0, 2))) + CA.pem()).statusCode(422)
                .body("detail", containsString("cas01.contoso.com"));
        // ISA 2006 matches the CN or the first SAN: the planned first SAN as neither is refused
        post(renewalId, pem(issue(csr.getPublicKey(), List.of(sans.get(1), sans.get(0), sans.get(2)), CA,
                "CN=" + sans.get(1) + ",O=Contoso")) + CA.pem()).statusCode(422).body("detail", containsString("first SAN"));
        // without trust anchors no answer is trusted
        post(renewalId, pem(issue(csr.getPublicKey(), sans)) + CA.pem()).statusCode(422)
                .body("detail", containsString("no trust anchors"));
        TestTokens.as(Roles.ADMIN).contentType("application/x-pem-file").body(pem(issue(csr.getPublicKey(), sans)).getBytes(StandardCharsets.US_ASCII))
                .put("/issuers/CSR/trust-anchors").then().statusCode(400).body("detail", containsString("not a CA certificate"));
        TestTokens.as(Roles.ADMIN).contentType("application/x-pem-file").body("garbage".getBytes(StandardCharsets.US_ASCII)).put("/issuers/CSR/trust-anchors")
                .then().statusCode(400);
        TestTokens.as(Roles.ADMIN).contentType("application/x-pem-file").body(CA.pem().getBytes(StandardCharsets.US_ASCII)).put("/issuers/NOPE/trust-anchors")
                .then().statusCode(404);
        TestTokens.as(Roles.ADMIN).contentType("application/x-pem-file").body(CA.pem().getBytes(StandardCharsets.US_ASCII)).put("/issuers/CSR/trust-anchors")
                .then().statusCode(200).body("[0].subject", equalTo("CN=Contoso Test CA"));

        // forged answers: a CA of the same name with another key, a throwaway CA, a lone certificate from either
        var sameName = TestCertificates.certificateAuthority("Contoso Test CA", NOW, NOW.plus(10, ChronoUnit.DAYS));
        post(renewalId, pem(issue(csr.getPublicKey(), sans, sameName)) + sameName.pem()).statusCode(422)
                .body("detail", containsString("does not"));
        var throwaway = TestCertificates.certificateAuthority("Throwaway CA", NOW, NOW.plus(10, ChronoUnit.DAYS));
        post(renewalId, pem(issue(csr.getPublicKey(), sans, throwaway)) + throwaway.pem()).statusCode(422)
                .body("detail", containsString("does not lead to a trusted CA"));
        post(renewalId, pem(issue(csr.getPublicKey(), sans, throwaway))).statusCode(422)
                .body("detail", containsString("does not lead to a trusted CA"));
        post(renewalId, "not a certificate").statusCode(422);
        given().get("/renewals/" + renewalId).then().statusCode(200).body("state", equalTo("AWAITING_CERTIFICATE"));

        post(renewalId, pem(issue(csr.getPublicKey(), sans)) + CA.pem()).statusCode(200).body("state", equalTo("ISSUED"));
        post(renewalId, pem(issue(csr.getPublicKey(), sans)) + CA.pem()).statusCode(409);

        CertificateIssuedV1 issued = kafka.await(Topics.RENEWAL_EVENTS, r -> EventCodec.decode(r.value()).data()
                        instanceof CertificateIssuedV1 i && i.replacesCertificateId().equals(oldId), 1, Duration.ofSeconds(20))
                .stream().map(r -> (CertificateIssuedV1) EventCodec.decode(r.value()).data()).findFirst().orElseThrow();
        assertThat(issued.chainPem()).hasSize(1);
        assertThat(issued.certificate().subjectAltNames()).containsExactlyElementsOf(sans);
        assertThat(issued.exportableKey()).isTrue();
        assertThat(issued.slots()).containsExactly(new SlotRef("cas01.contoso.com", ServiceKind.IIS));
    }

    private static io.restassured.response.ValidatableResponse post(String renewalId, String pem) {
        return given().contentType("application/x-pem-file").body(pem.getBytes(StandardCharsets.US_ASCII)).post("/renewals/" + renewalId + "/certificate").then();
    }

    private static java.security.cert.X509Certificate issue(PublicKey key, List<String> sans) throws Exception {
        return issue(key, sans, CA);
    }

    private static java.security.cert.X509Certificate issue(PublicKey key, List<String> sans, TestCertificates.Issued ca)
            throws Exception {
        return issue(key, sans, ca, "CN=mail.contoso.com,O=Contoso");
    }

    private static java.security.cert.X509Certificate issue(PublicKey key, List<String> sans, TestCertificates.Issued ca, String subject)
            throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), BigInteger.valueOf(System.nanoTime()),
                Date.from(NOW), Date.from(NOW.plus(200, ChronoUnit.DAYS)), new X500Name(subject), key);
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                sans.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.keyPair().getPrivate())));
    }

    private static String pem(java.security.cert.X509Certificate certificate) {
        return new TestCertificates.Issued(certificate, null).pem();
    }

    /** openssl checks the request's self-signature and reads the SANs from its extensionRequest. */
    private static void opensslVerifies(String csrPem) throws Exception {
        Path file = Files.createTempFile("renewal", ".csr");
        Files.writeString(file, csrPem);
        try {
            assertThat(Openssl.run("the openssl check of the CSR", Map.of(), "req", "-in", file.toString(), "-noout", "-verify",
                    "-text")).containsIgnoringCase("verify OK")
                    .contains("DNS:mail.contoso.com, DNS:autodiscover.contoso.com, DNS:cas01.contoso.com");
        } finally {
            Files.delete(file);
        }
    }
}
