package io.certlife.renewal.issuer.csr;

import io.certlife.events.RenewalDueV1;
import io.certlife.events.KeyCustody;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.issuer.Issuer;
import io.certlife.renewal.issuer.TrustAnchors;
import io.certlife.renewal.keys.RenewalKeys;
import io.certlife.renewal.pki.Csr;
import io.certlife.renewal.pki.IssuedCertificate;
import io.certlife.renewal.pki.KeySpec;
import io.certlife.renewal.pki.Pem;
import io.certlife.renewal.pki.PkiException;
import io.certlife.renewal.policy.IssuerNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Renews through a CA that certlife cannot drive: a PKCS#10 request with the new key, then the certificate the CA
 * returns, accepted only if it is for the pending key, carries the planned names (the first SAN first) and its chain
 * validates (PKIX) to one of this issuer's trust anchors. Renews any certificate, so it comes last in {@code certlife.renewal.issuers}.
 */
@ApplicationScoped
public class CsrIssuer implements Issuer {

    public static final String NAME = "CSR";

    @Inject
    RenewalKeys keys;

    @Inject
    TrustAnchors trustAnchors;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean renews(RenewalDueV1 due) {
        return true;
    }

    /** The request goes to the CA: the server's own (custody ON_SERVER, checked when it was uploaded), else one made here. */
    @Override
    public Outcome issue(Renewal renewal) {
        if (renewal.keyCustody == KeyCustody.ON_SERVER) {
            keys.publicKey(renewal);
            return new Requested(renewal.csrPem);
        }
        KeySpec spec = KeySpec.of(renewal.keyAlgorithm, renewal.keySize);
        return new Requested(Pem.of(Csr.create(renewal.subject, renewal.subjectAltNames, keys.create(renewal), spec)));
    }

    /**
     * The CA's answer to the renewal's request: the leaf followed by its chain, PEM.
     *
     * @throws PkiException naming what is wrong: another key, other names, or a chain that does not validate to a trust
     *     anchor
     */
    public Issued answer(Renewal renewal, String pem) {
        return accept(renewal, Pem.certificates(pem), NAME);
    }

    /**
     * A CA's certificate for the renewal's request (the leaf, then its chain), accepted only if it is for the requested
     * key, carries every planned name with the plan's first SAN as its CN or first SAN (what ISA 2006 matches), and
     * validates to the trust anchors of issuer {@code anchors}.
     *
     * @throws PkiException naming what is wrong
     */
    public Issued accept(Renewal renewal, List<X509Certificate> certificates, String anchors) {
        X509Certificate leaf = certificates.get(0);
        if (!leaf.getPublicKey().equals(Csr.publicKey(renewal.csrPem))) {
            throw new PkiException("the certificate is for another key than the one this renewal requested");
        }
        List<String> names = IssuedCertificate.subjectAltNames(leaf);
        if (!names.containsAll(renewal.subjectAltNames)) {
            List<String> missing = renewal.subjectAltNames.stream().filter(n -> !names.contains(n)).toList();
            throw new PkiException("the certificate lacks the planned name(s) " + String.join(", ", missing));
        }
        if (!renewal.subjectAltNames.isEmpty()) {
            String first = renewal.subjectAltNames.get(0);
            if (!names.get(0).equals(first) && !IssuerNames.names(leaf.getSubjectX500Principal().getName(), List.of()).contains(first)) {
                throw new PkiException("the certificate's first SAN is " + names.get(0) + " and its CN is not " + first
                        + ", the plan's first SAN (ISA 2006 matches only the CN or the first SAN)");
            }
        }
        trustAnchors.validate(anchors, certificates);
        return new Issued(leaf, certificates.subList(1, certificates.size()));
    }
}
