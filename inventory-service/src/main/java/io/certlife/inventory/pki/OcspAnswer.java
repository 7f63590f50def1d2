package io.certlife.inventory.pki;

import io.certlife.inventory.policy.PlanningFacts.RevocationStatus;
import java.io.IOException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * OCSP (RFC 6960) for one certificate: a request with a fresh nonce, and the checks of the answer before it is
 * believed. The answer must be signed by the issuer, or by a responder certificate the issuer signed for OCSP signing
 * (valid now); must echo the nonce when it carries one (a pre-produced answer without a nonce, as RFC 5019 responders
 * send, is accepted on its freshness alone); must be about this certificate; and must be fresh: {@code thisUpdate} not
 * in the future and {@code nextUpdate} not past (five minutes of clock skew either way).
 */
public final class OcspAnswer {

    /** Clock skew allowed between certlife and a responder. */
    static final Duration SKEW = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a responder said, once believed: the status, why in certlife's words and, for a revocation, when. */
    public record Answer(RevocationStatus status, String detail, Instant revokedAt) {
        static Answer unknown(String detail) {
            return new Answer(RevocationStatus.UNKNOWN, detail, null);
        }
    }

    /** A request for one certificate, and what its answer must match. */
    public record Request(byte[] encoded, CertificateID id, Extension nonce, X509Certificate issuer) {
    }

    private OcspAnswer() {
    }

    /** A request for {@code certificate}'s status from its issuer's responder. */
    public static Request request(X509Certificate certificate, X509Certificate issuer) {
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(issuer), certificate.getSerialNumber());
            byte[] value = new byte[16];
            RANDOM.nextBytes(value);
            Extension nonce = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(value).getEncoded());
            OCSPReq request = new OCSPReqBuilder().addRequest(id).setRequestExtensions(new Extensions(nonce)).build();
            return new Request(request.getEncoded(), id, nonce, issuer);
        } catch (OCSPException | OperatorCreationException | IOException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot build an OCSP request: " + e.getMessage(), e);
        }
    }

    /** Reads and checks a responder's answer to {@code request}; anything that is not a believable answer is UNKNOWN. */
    public static Answer read(Request request, byte[] body, Instant now) {
        BasicOCSPResp basic;
        try {
            OCSPResp response = new OCSPResp(body);
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                return Answer.unknown("the responder refused the request (OCSP status " + response.getStatus() + ")");
            }
            if (!(response.getResponseObject() instanceof BasicOCSPResp b)) {
                return Answer.unknown("the responder's answer is not a basic OCSP response");
            }
            basic = b;
        } catch (IOException | OCSPException | RuntimeException e) {
            return Answer.unknown("the responder's answer is not an OCSP response (" + body.length + " bytes)");
        }
        try {
            if (!signedByIssuerOrItsResponder(basic, request.issuer(), now)) {
                return Answer.unknown("the answer is not signed by the issuer or a responder it authorized");
            }
            Extension nonce = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null && !Arrays.equals(nonce.getExtnValue().getOctets(), request.nonce().getExtnValue().getOctets())) {
                return Answer.unknown("the answer does not carry the request's nonce (a replay?)");
            }
            SingleResp single = Arrays.stream(basic.getResponses()).filter(r -> r.getCertID().equals(request.id())).findFirst()
                    .orElse(null);
            if (single == null) {
                return Answer.unknown("the answer is not about this certificate");
            }
            Instant thisUpdate = single.getThisUpdate().toInstant();
            if (thisUpdate.isAfter(now.plus(SKEW))) {
                return Answer.unknown("the answer claims to be from the future (thisUpdate " + thisUpdate + ")");
            }
            if (single.getNextUpdate() != null && single.getNextUpdate().toInstant().isBefore(now.minus(SKEW))) {
                return Answer.unknown("the answer is out of date (nextUpdate " + single.getNextUpdate().toInstant() + ")");
            }
            CertificateStatus status = single.getCertStatus();
            if (status == CertificateStatus.GOOD) {
                return new Answer(RevocationStatus.GOOD, "good according to OCSP at " + thisUpdate, null);
            }
            if (status instanceof RevokedStatus revoked) {
                Instant at = revoked.getRevocationTime().toInstant();
                String reason = revoked.hasRevocationReason() ? ", reason " + CRLReason.lookup(revoked.getRevocationReason()) : "";
                return new Answer(RevocationStatus.REVOKED, "revoked at " + at + reason + " according to OCSP", at);
            }
            return Answer.unknown(status instanceof UnknownStatus ? "the responder does not know the certificate"
                    : "the responder gave no status");
        } catch (OCSPException | OperatorCreationException | CertificateException | CertException | RuntimeException e) {
            return Answer.unknown("the answer cannot be checked: " + e.getClass().getSimpleName());
        }
    }

    private static boolean signedByIssuerOrItsResponder(BasicOCSPResp basic, X509Certificate issuer, Instant now)
            throws OperatorCreationException, OCSPException, CertificateException, CertException {
        ContentVerifierProvider byIssuer = new JcaContentVerifierProviderBuilder().build(issuer);
        if (basic.isSignatureValid(byIssuer)) {
            return true;
        }
        for (X509CertificateHolder responder : basic.getCerts()) {
            ExtendedKeyUsage usage = ExtendedKeyUsage.fromExtensions(responder.getExtensions());
            boolean authorized = usage != null && usage.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)
                    && responder.isValidOn(Date.from(now)) && responder.isSignatureValid(byIssuer);
            if (authorized && basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(responder))) {
                return true;
            }
        }
        return false;
    }
}
