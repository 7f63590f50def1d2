package io.certlife.renewal.service;

import io.certlife.renewal.Renewal;
import io.certlife.renewal.config.RenewalConfig;
import io.certlife.renewal.keys.KeyVault;
import io.certlife.renewal.keys.KeyVaultException;
import io.certlife.renewal.keys.PrivateKeyRecord;
import io.certlife.renewal.pki.CertificateTemplate;
import io.certlife.renewal.pki.IssuedCertificate;
import io.certlife.renewal.pki.Csr;
import io.certlife.renewal.pki.KeySpec;
import io.certlife.renewal.pki.Pki;
import io.certlife.renewal.pki.PkiException;
import io.certlife.renewal.policy.Validity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Issuance of a renewal's certificate with a new key, sealed in the same transaction as the renewal so
 * that a renewal has exactly one key. SELF_SIGNED: a one-year clone, as Exchange's own, or aligned to a date,
 * within the caps. A key-vault or PKI failure leaves the caller's transaction intact, so that the failure can be
 * recorded with the renewal. CSR: a PKCS#10
 * request, then the certificate the CA returns, accepted only if it is for the pending key, carries the
 * planned names and its chain verifies.
 */
@ApplicationScoped
public class Issuance {

    @Inject
    KeyVault vault;

    @Inject
    Clock clock;

    @Inject
    InternalCa internalCa;

    @Inject
    RenewalConfig config;

    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = {KeyVaultException.class, PkiException.class})
    public X509Certificate selfSigned(Renewal renewal) {
        KeySpec spec = KeySpec.of(renewal.keyAlgorithm, renewal.keySize);
        Instant now = clock.instant();
        KeyPair keys = newKey(renewal, spec);
        Instant notAfter = Validity.notAfter(now, config.selfSignedValidity(), renewal.alignTo, config.maxValidity(),
                renewal.maxValidityDays, null);
        X509Certificate certificate = Pki.selfSigned(new CertificateTemplate(renewal.subject, renewal.subjectAltNames,
                now.minus(Duration.ofMinutes(5)), notAfter, renewal.clientAuth, List.of(), List.of()), keys, spec);
        accept(renewal, certificate, List.of());
        return certificate;
    }

    /** A leaf issued by the internal CA, with its CRL and CA Issuers URLs; returns the leaf and the CA. */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = {KeyVaultException.class, PkiException.class})
    public List<X509Certificate> internalCa(Renewal renewal, InternalCa.Authority ca) {
        KeySpec spec = KeySpec.of(renewal.keyAlgorithm, renewal.keySize);
        Instant now = clock.instant();
        KeyPair keys = newKey(renewal, spec);
        Instant notAfter = Validity.notAfter(now, internalCa.leafValidity(), renewal.alignTo, config.maxValidity(),
                renewal.maxValidityDays, ca.certificate().getNotAfter().toInstant());
        X509Certificate leaf = Pki.issue(new CertificateTemplate(renewal.subject, renewal.subjectAltNames,
                now.minus(Duration.ofMinutes(5)), notAfter, renewal.clientAuth,
                internalCa.crlUrls(), internalCa.caIssuersUrls()), keys.getPublic(), ca.certificate(), ca.keys(), ca.spec());
        accept(renewal, leaf, List.of(ca.certificate()));
        return List.of(leaf, ca.certificate());
    }

    /** Makes the key and the PKCS#10 request; the renewal then waits for the certificate. */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = {KeyVaultException.class, PkiException.class})
    public String requestCertificate(Renewal renewal) {
        KeySpec spec = KeySpec.of(renewal.keyAlgorithm, renewal.keySize);
        renewal.csrPem = Pki.pem(Csr.create(renewal.subject, renewal.subjectAltNames, newKey(renewal, spec), spec));
        renewal.moveTo(Renewal.State.AWAITING_CERTIFICATE, clock.instant());
        return renewal.csrPem;
    }

    /**
     * Accepts the certificate (and chain) a CA issued for the renewal's request.
     *
     * @return the leaf followed by its chain
     * @throws PkiException naming what is wrong: another key, other names, or a chain that does not verify
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = {KeyVaultException.class, PkiException.class})
    public List<X509Certificate> acceptIssued(Renewal renewal, String pem) {
        List<X509Certificate> certificates = Csr.readCertificates(pem);
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
        accept(renewal, leaf, certificates.subList(1, certificates.size()));
        return certificates;
    }

    private KeyPair newKey(Renewal renewal, KeySpec spec) {
        KeyPair keys = Pki.generateKeyPair(spec);
        renewal.newCertificateId = UUID.randomUUID();
        PrivateKeyRecord record = new PrivateKeyRecord();
        record.id = UUID.randomUUID();
        KeyVault.SealedKey sealed = vault.seal(record.id, renewal.newCertificateId, keys.getPrivate());
        record.renewalId = renewal.id;
        record.certificateId = renewal.newCertificateId;
        record.algorithm = sealed.algorithm();
        record.kekId = sealed.kekId();
        record.wrappedDataKey = sealed.wrappedDataKey();
        record.ciphertext = sealed.ciphertext();
        record.exportable = renewal.exportableKey;
        record.createdAt = clock.instant();
        record.persist();
        return keys;
    }

    private void accept(Renewal renewal, X509Certificate leaf, List<X509Certificate> chain) {
        renewal.certificatePem = Pki.pem(leaf) + chain.stream().map(Pki::pem).collect(Collectors.joining());
        renewal.issuedAt = clock.instant();
        renewal.moveTo(Renewal.State.ISSUED, renewal.issuedAt);
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
