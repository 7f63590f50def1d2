package io.certlife.inventory.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.inventory.policy.PlanningFacts.RevocationStatus;
import io.certlife.testsupport.TestCertificates;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * What an OCSP answer must be to be believed: each forgery or staleness below turns a would-be GOOD into UNKNOWN.
 * The answers are built with Bouncy Castle's responder classes; revocation.RevocationTest asks openssl's responder.
 */
class OcspAnswerTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final TestCertificates.Issued CA = TestCertificates.certificateAuthority("OCSP Unit CA",
            NOW.minus(1, ChronoUnit.DAYS), NOW.plus(90, ChronoUnit.DAYS));
    private static final TestCertificates.Issued LEAF = TestCertificates.issuedBy(CA, "hub.ocsp.test", List.of("hub.ocsp.test"),
            NOW.minus(1, ChronoUnit.DAYS), NOW.plus(60, ChronoUnit.DAYS), null);

    private final OcspAnswer.Request request = OcspAnswer.request(LEAF.certificate(), CA.certificate());

    @Test
    void aGoodAnswerSignedByTheIssuerWithTheNonceIsBelieved() throws Exception {
        OcspAnswer.Answer verdict = OcspAnswer.read(request, answer(CA.keyPair(), List.of(), request.id(), CertificateStatus.GOOD,
                NOW.minusSeconds(60), NOW.plus(1, ChronoUnit.DAYS), request.nonce()), NOW);
        assertThat(verdict.status()).isEqualTo(RevocationStatus.GOOD);
        assertThat(verdict.detail()).contains("according to OCSP");
    }

    @Test
    void aRevokedAnswerSaysWhenAndWhy() throws Exception {
        Instant at = NOW.minus(2, ChronoUnit.HOURS);
        OcspAnswer.Answer verdict = OcspAnswer.read(request, answer(CA.keyPair(), List.of(), request.id(),
                new RevokedStatus(Date.from(at), CRLReason.keyCompromise), NOW.minusSeconds(60), null, request.nonce()), NOW);
        assertThat(verdict.status()).isEqualTo(RevocationStatus.REVOKED);
        assertThat(verdict.revokedAt()).isEqualTo(at);
        assertThat(verdict.detail()).contains("keyCompromise");
    }

    @Test
    void anAnswerSignedByAnotherKeyIsNotBelieved() throws Exception {
        KeyPair impostor = TestCertificates.rsaKeyPair();
        OcspAnswer.Answer verdict = OcspAnswer.read(request, answer(impostor, List.of(), request.id(), CertificateStatus.GOOD,
                NOW.minusSeconds(60), null, request.nonce()), NOW);
        assertThat(verdict.status()).isEqualTo(RevocationStatus.UNKNOWN);
        assertThat(verdict.detail()).contains("not signed by the issuer");
    }

    @Test
    void aDelegatedResponderCountsOnlyWithTheOcspSigningPurpose() throws Exception {
        KeyPair responderKeys = TestCertificates.rsaKeyPair();
        X509CertificateHolder authorized = responder(responderKeys, true);
        X509CertificateHolder unauthorized = responder(responderKeys, false);
        assertThat(OcspAnswer.read(request, answer(responderKeys, List.of(authorized), request.id(), CertificateStatus.GOOD,
                NOW.minusSeconds(60), null, request.nonce()), NOW).status()).isEqualTo(RevocationStatus.GOOD);
        assertThat(OcspAnswer.read(request, answer(responderKeys, List.of(unauthorized), request.id(), CertificateStatus.GOOD,
                NOW.minusSeconds(60), null, request.nonce()), NOW).status()).isEqualTo(RevocationStatus.UNKNOWN);
    }

    @Test
    void anotherNonceIsAReplay() throws Exception {
        Extension other = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                new DEROctetString(new byte[16]).getEncoded());
        OcspAnswer.Answer verdict = OcspAnswer.read(request, answer(CA.keyPair(), List.of(), request.id(), CertificateStatus.GOOD,
                NOW.minusSeconds(60), null, other), NOW);
        assertThat(verdict.status()).isEqualTo(RevocationStatus.UNKNOWN);
        assertThat(verdict.detail()).contains("nonce");
    }

    @Test
    void aPreProducedAnswerWithoutNonceIsJudgedByItsFreshness() throws Exception {
        assertThat(OcspAnswer.read(request, answer(CA.keyPair(), List.of(), request.id(), CertificateStatus.GOOD,
                NOW.minus(1, ChronoUnit.HOURS), NOW.plus(1, ChronoUnit.DAYS), null), NOW).status()).isEqualTo(RevocationStatus.GOOD);
        OcspAnswer.Answer stale = OcspAnswer.read(request, answer(CA.keyPair(), List.of(), request.id(), CertificateStatus.GOOD,
                NOW.minus(3, ChronoUnit.DAYS), NOW.minus(1, ChronoUnit.DAYS), null), NOW);
        assertThat(stale.status()).isEqualTo(RevocationStatus.UNKNOWN);
        assertThat(stale.detail()).contains("out of date");
        OcspAnswer.Answer future = OcspAnswer.read(request, answer(CA.keyPair(), List.of(), request.id(), CertificateStatus.GOOD,
                NOW.plus(OcspAnswer.SKEW).plus(Duration.ofMinutes(1)), null, null), NOW);
        assertThat(future.detail()).contains("future");
    }

    @Test
    void anAnswerAboutAnotherCertificateDoesNotCount() throws Exception {
        var other = TestCertificates.issuedBy(CA, "other.ocsp.test", List.of("other.ocsp.test"), NOW.minus(1, ChronoUnit.DAYS),
                NOW.plus(60, ChronoUnit.DAYS), null);
        CertificateID otherId = OcspAnswer.request(other.certificate(), CA.certificate()).id();
        OcspAnswer.Answer verdict = OcspAnswer.read(request, answer(CA.keyPair(), List.of(), otherId, CertificateStatus.GOOD,
                NOW.minusSeconds(60), null, request.nonce()), NOW);
        assertThat(verdict.detail()).contains("not about this certificate");
    }

    @Test
    void bytesThatAreNotAnOcspResponseAreUnknown() throws Exception {
        assertThat(OcspAnswer.read(request, new byte[] {0x30, 0x03, 0x0a, 0x01, 0x00}, NOW).status()).isEqualTo(RevocationStatus.UNKNOWN);
        assertThat(OcspAnswer.read(request, "<html>captive portal</html>".getBytes(), NOW).detail()).contains("not an OCSP response");
        assertThat(OcspAnswer.read(request, new OCSPRespBuilder().build(OCSPRespBuilder.TRY_LATER, null).getEncoded(), NOW).detail())
                .contains("refused");
    }

    static byte[] answer(KeyPair signer, List<X509CertificateHolder> certificates, CertificateID id, CertificateStatus status,
                                 Instant thisUpdate, Instant nextUpdate, Extension nonce) throws Exception {
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(new X500Name("CN=responder")));
        builder.addResponse(id, status, Date.from(thisUpdate), nextUpdate == null ? null : Date.from(nextUpdate), null);
        if (nonce != null) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        String algorithm = "SHA256withRSA";
        var basic = builder.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate()),
                certificates.toArray(X509CertificateHolder[]::new), Date.from(NOW));
        return new OCSPRespBuilder().build(OCSPResp.SUCCESSFUL, basic).getEncoded();
    }

    /** A responder certificate signed by the CA, with or without the OCSP-signing purpose. */
    private static X509CertificateHolder responder(KeyPair keys, boolean ocspSigning) throws Exception {
        X509Certificate ca = CA.certificate();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, BigInteger.valueOf(System.nanoTime()),
                Date.from(NOW.minus(1, ChronoUnit.DAYS)), Date.from(NOW.plus(30, ChronoUnit.DAYS)), new X500Name("CN=responder"),
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        if (ocspSigning) {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
        }
        return new JcaX509CertificateHolder(new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(CA.keyPair().getPrivate()))));
    }
}
