package io.certlife.renewal.issuer.csr;

import io.certlife.events.CertificateSummary;
import io.certlife.renewal.Renewal;
import io.certlife.renewal.issuer.Issuer;
import io.certlife.renewal.keys.RenewalKeys;
import io.certlife.renewal.pki.Csr;
import io.certlife.renewal.pki.IssuedCertificate;
import io.certlife.renewal.pki.KeySpec;
import io.certlife.renewal.pki.Pem;
import io.certlife.renewal.pki.PkiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Renews through a CA that certlife cannot drive: a PKCS#10 request with the new key, then the certificate the CA
 * returns, accepted only if it is for the pending key, carries the planned names (the first SAN first) and its chain
 * verifies. Renews any certificate, so it comes last in {@code certlife.renewal.issuers}.
 */
@ApplicationScoped
public class CsrIssuer implements Issuer {

    public static final String NAME = "CSR";

    @Inject
    RenewalKeys keys;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean renews(CertificateSummary old) {
        return true;
    }

    @Override
    public Outcome issue(Renewal renewal) {
        KeySpec spec = KeySpec.of(renewal.keyAlgorithm, renewal.keySize);
        return new Requested(Pem.of(Csr.create(renewal.subject, renewal.subjectAltNames, keys.create(renewal), spec)));
    }

    /**
     * The CA's answer to the renewal's request: the leaf followed by its chain, PEM.
     *
     * @throws PkiException naming what is wrong: another key, other names, or a chain that does not verify
     */
    public Issued answer(Renewal renewal, String pem) {
        List<X509Certificate> certificates = Pem.certificates(pem);
        X509Certificate leaf = certificates.get(0);
        if (!leaf.getPublicKey().equals(Csr.publicKey(renewal.csrPem))) {
            throw new PkiException("the certificate is for another key than the one this renewal requested");
        }
        List<String> names = IssuedCertificate.subjectAltNames(leaf);
        if (!names.containsAll(renewal.subjectAltNames)) {
            List<String> missing = renewal.subjectAltNames.stream().filter(n -> !names.contains(n)).toList();
            throw new PkiException("the certificate lacks the planned name(s) " + String.join(", ", missing));
        }
        if (!renewal.subjectAltNames.isEmpty() && !names.get(0).equals(renewal.subjectAltNames.get(0))) {
            throw new PkiException("the certificate's first SAN is " + names.get(0) + ", the plan's is "
                    + renewal.subjectAltNames.get(0) + " (ISA 2006 matches only the CN or the first SAN)");
        }
        verifyChain(certificates);
        return new Issued(leaf, certificates.subList(1, certificates.size()));
    }

    /** Each certificate must be signed by the next; the last by itself or by a CA not sent (a trusted root). */
    private static void verifyChain(List<X509Certificate> certificates) {
        if (certificates.size() == 1 && !certificates.get(0).getIssuerX500Principal()
                .equals(certificates.get(0).getSubjectX500Principal())) {
            throw new PkiException("no issuing chain was sent with the certificate: send the leaf followed by its "
                    + "intermediate CA certificate(s)");
        }
        for (int i = 0; i + 1 < certificates.size(); i++) {
            X509Certificate child = certificates.get(i);
            X509Certificate parent = certificates.get(i + 1);
            if (!child.getIssuerX500Principal().equals(parent.getSubjectX500Principal())) {
                throw new PkiException("the chain does not build: " + child.getSubjectX500Principal().getName()
                        + " is issued by " + child.getIssuerX500Principal().getName() + ", not by "
                        + parent.getSubjectX500Principal().getName());
            }
            try {
                child.verify(parent.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new PkiException("the chain does not verify: the signature of "
                        + child.getSubjectX500Principal().getName() + " is not from " + parent.getSubjectX500Principal().getName());
            }
        }
    }
}
