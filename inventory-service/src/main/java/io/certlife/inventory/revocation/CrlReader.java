package io.certlife.inventory.revocation;

import io.certlife.inventory.policy.PlanningFacts.CrlState;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Reads what a CRL distribution point served: a CRL (DER, or PEM as Windows also accepts) whose signature verifies with
 * the key of a CA certificate named as its issuer, and whose {@code nextUpdate} has not passed. Anything else is a
 * state with a short reason; outside bytes never escape as an exception.
 */
public final class CrlReader {

    /**
     * A CRL distribution point's answer: its state, why (null when current and checked), its next update and the CRL
     * with the CA certificate that signed it ({@code signer} null when no known CA certificate is named as its issuer).
     */
    public record Read(CrlState state, String detail, Instant nextUpdate, X509CRL crl, X509Certificate signer) {
    }

    private CrlReader() {
    }

    /**
     * @param authorities CA certificates the inventory holds whose subject is the CRL's issuer are tried as its signer
     */
    public static Read read(byte[] body, List<X509Certificate> authorities, Instant now) {
        X509CRL crl;
        try {
            crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(body));
        } catch (GeneralSecurityException | RuntimeException e) {
            return new Read(CrlState.UNREADABLE, "not a CRL (" + body.length + " bytes)", null, null, null);
        }
        if (crl == null) {
            return new Read(CrlState.UNREADABLE, "not a CRL (empty answer)", null, null, null);
        }
        Instant nextUpdate = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
        List<X509Certificate> named = authorities.stream()
                .filter(authority -> authority.getSubjectX500Principal().equals(crl.getIssuerX500Principal())).toList();
        X509Certificate signer = named.stream().filter(authority -> verifies(crl, authority)).findFirst().orElse(null);
        if (!named.isEmpty() && signer == null) {
            return new Read(CrlState.UNREADABLE, "its signature does not verify with the key of " + crl.getIssuerX500Principal().getName(),
                    nextUpdate, null, null);
        }
        String unchecked = signer == null ? "signature not checked: the certificate of its issuer " + crl.getIssuerX500Principal().getName()
                + " is not in the inventory" : null;
        if (nextUpdate != null && nextUpdate.isBefore(now)) {
            return new Read(CrlState.STALE, "next update was due " + nextUpdate + (unchecked == null ? "" : "; " + unchecked),
                    nextUpdate, crl, signer);
        }
        return new Read(CrlState.CURRENT, unchecked, nextUpdate, crl, signer);
    }

    private static boolean verifies(X509CRL crl, X509Certificate authority) {
        try {
            crl.verify(authority.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
