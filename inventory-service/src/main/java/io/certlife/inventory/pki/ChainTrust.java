package io.certlife.inventory.pki;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Whether a certificate chains to a trust anchor, walking up by issuer name and checking each signature with the
 * issuer's key (validity dates are not part of it: an expired certificate still chains where it chains).
 */
public final class ChainTrust {

    /** The longest chain walked. */
    static final int MAX_DEPTH = 10;

    private ChainTrust() {
    }

    /**
     * @param issuersNamed the CA certificates the inventory holds with this subject (as the inventory writes a name)
     * @return true when a chain of verified signatures leads to an anchor; false when it leads to a root that is not
     *         one, or when a certificate's named issuer is held but no such issuer's key verifies it (a forgery); null
     *         when it cannot be told (no anchors, or an issuer the inventory does not hold)
     */
    public static Boolean trusted(X509Certificate certificate, Function<String, List<X509Certificate>> issuersNamed,
                                  Collection<X509Certificate> anchors) {
        if (anchors.isEmpty()) {
            return null;
        }
        X509Certificate current = certificate;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            if (anchors.contains(current)) {
                return true;
            }
            X500Principal issuer = current.getIssuerX500Principal();
            List<X509Certificate> candidates = new ArrayList<>(anchors.stream()
                    .filter(anchor -> anchor.getSubjectX500Principal().equals(issuer)).toList());
            candidates.addAll(issuersNamed.apply(X500Name.getInstance(issuer.getEncoded()).toString()));
            X509Certificate signer = null;
            for (X509Certificate candidate : candidates) {
                if ((anchors.contains(candidate) || candidate.getBasicConstraints() >= 0) && verifies(current, candidate)) {
                    signer = candidate;
                    break;
                }
            }
            if (signer == null) {
                boolean selfIssued = issuer.equals(current.getSubjectX500Principal());
                return candidates.isEmpty() && !selfIssued ? null : false;
            }
            if (anchors.contains(signer)) {
                return true;
            }
            if (signer.equals(current)) {
                return false;
            }
            current = signer;
        }
        return null;
    }

    private static boolean verifies(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
