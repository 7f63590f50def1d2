package io.certlife.renewal.pki;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PKIX path validation (RFC 5280, the JDK's validator) of a certificate and the chain sent with it, to a set of trust
 * anchors: every signature, validity at the given time, basic constraints and path length, key usage of the CAs, name
 * constraints, critical extensions. Revocation is not checked here.
 */
public final class PathValidation {

    private PathValidation() {
    }

    /**
     * Validates {@code chain} (the leaf first, then the certificates that issued it, a trusted root included or not).
     *
     * @throws PkiException naming why the path does not validate
     */
    public static void validate(List<X509Certificate> chain, Collection<X509Certificate> anchors, Instant at) {
        List<X509Certificate> path = new ArrayList<>(chain);
        // a path ends below its anchor: a root sent with the chain is not part of it
        while (path.size() > 1 && anchors.contains(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            Set<TrustAnchor> trust = anchors.stream().map(anchor -> new TrustAnchor(anchor, null)).collect(Collectors.toSet());
            PKIXParameters parameters = new PKIXParameters(trust);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            throw new PkiException(describe(e, path));
        } catch (InvalidAlgorithmParameterException e) {
            throw new PkiException("no trust anchor to validate against");
        } catch (GeneralSecurityException e) {
            throw new PkiException("the chain cannot be validated: " + e.getMessage(), e);
        }
    }

    private static String describe(CertPathValidatorException e, List<X509Certificate> path) {
        String which = e.getIndex() >= 0 && e.getIndex() < path.size()
                ? path.get(e.getIndex()).getSubjectX500Principal().getName() : "the chain";
        CertPathValidatorException.Reason reason = e.getReason();
        if (reason == PKIXReason.NO_TRUST_ANCHOR) {
            return "the chain does not lead to a trusted CA: " + which + " is not issued by a trust anchor of this issuer "
                    + "(send the leaf followed by its intermediate CA certificate(s); the issuer's trust-anchors list the CAs)";
        } else if (reason == PKIXReason.NOT_CA_CERT) {
            return which + " issues a certificate but is not a CA certificate";
        } else if (reason == PKIXReason.PATH_TOO_LONG) {
            return "the chain is longer than the path length constraint above " + which + " allows";
        } else if (reason == PKIXReason.INVALID_KEY_USAGE) {
            return which + "'s key usage does not allow what it does in the chain";
        } else if (reason == PKIXReason.INVALID_NAME) {
            return which + " is outside the name constraints of a CA above it";
        } else if (reason == PKIXReason.UNRECOGNIZED_CRIT_EXT) {
            return which + " has a critical extension certlife does not understand";
        } else if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
            return which + " is expired";
        } else if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return which + " is not valid yet";
        } else if (reason == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
            return "the signature of " + which + " does not verify with its issuer's key";
        }
        return "the chain does not validate at " + which + ": " + e.getMessage();
    }
}
