package io.certlife.testsupport;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made by the tests themselves: no key is ever committed. */
public final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate with its key pair and PEM encoding. */
    public record Issued(X509Certificate certificate, KeyPair keyPair) {
        public String pem() {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(certificate);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }

        /** The private key as unencrypted PKCS#8 PEM, for configuration that takes a key file (made by the test, never committed). */
        public String keyPem() {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(new JcaPKCS8Generator(keyPair.getPrivate(), null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }

        public byte[] der() {
            try {
                return certificate.getEncoded();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The SHA-1 thumbprint in upper-case hex, as Windows and certlife show it. */
        public String thumbprintSha1() {
            try {
                return java.util.HexFormat.of().withUpperCase().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(der()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestCertificates() {
    }

    /** A certificate and its key back from {@link Issued#pem()} and {@link Issued#keyPem()}. */
    public static Issued parse(String certificatePem, String keyPem) {
        try (PEMParser certificates = new PEMParser(new StringReader(certificatePem));
             PEMParser keys = new PEMParser(new StringReader(keyPem))) {
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate((X509CertificateHolder) certificates.readObject());
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) keys.readObject());
            return new Issued(certificate, new KeyPair(certificate.getPublicKey(), key));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("not a certificate and key made by these tests", e);
        }
    }

    /** A self-signed RSA-2048 certificate for {@code commonName} with the DNS names as SANs, in this order. */
    public static Issued selfSigned(String commonName, List<String> dnsNames, Instant notBefore, Instant notAfter) {
        return selfSigned(commonName, dnsNames, notBefore, notAfter, rsaKeyPair());
    }

    /** A CA certificate (BasicConstraints CA=true) that can sign leaves with {@link #issuedBy}. */
    public static Issued certificateAuthority(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair keys = rsaKeyPair();
        X500Name name = new X500Name("CN=" + commonName);
        return sign(new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore), Date.from(notAfter), name,
                keys.getPublic()), keys, true, List.of(), null, keys);
    }

    /**
     * A leaf signed by {@code ca}, with the DNS names as SANs in this order and, when given, one CRL
     * distribution point URL (http:// or ldap://).
     */
    public static Issued issuedBy(Issued ca, String commonName, List<String> dnsNames, Instant notBefore, Instant notAfter,
                                  String crlUrl) {
        KeyPair keys = rsaKeyPair();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + commonName), keys.getPublic());
        return sign(builder, ca.keyPair(), false, dnsNames, crlUrl, keys);
    }

    /** A certificate signed by {@code ca} for someone else's key, as a CA answers a CSR: subject and SANs as requested. */
    public static X509Certificate issuedFor(Issued ca, PublicKey key, String subject, List<String> dnsNames, Instant notBefore,
                                            Instant notAfter, String crlUrl) {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                Date.from(notBefore), Date.from(notAfter), new X500Name(subject), key);
        return sign(builder, ca.keyPair(), false, dnsNames, crlUrl, null).certificate();
    }

    /**
     * A CRL (DER) signed by {@code ca} with these update times, listing {@code revoked} as revoked an hour before
     * {@code thisUpdate} for key compromise.
     */
    public static byte[] crl(Issued ca, Instant thisUpdate, Instant nextUpdate, List<X509Certificate> revoked) {
        try {
            X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(ca.certificate().getSubjectX500Principal(), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (X509Certificate certificate : revoked) {
                builder.addCRLEntry(certificate.getSerialNumber(), Date.from(thisUpdate.minusSeconds(3600)), CRLReason.keyCompromise);
            }
            return builder.build(new JcaContentSignerBuilder(signatureAlgorithm(ca.keyPair())).build(ca.keyPair().getPrivate()))
                    .getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a test CRL", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static Issued sign(JcaX509v3CertificateBuilder builder, KeyPair signer, boolean ca, List<String> dnsNames,
                               String crlUrl, KeyPair subjectKeys) {
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (!dnsNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                        dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            }
            if (crlUrl != null) {
                GeneralNames url = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl));
                builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                        new DistributionPoint(new DistributionPointName(url), null, null)}));
            }
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signatureAlgorithm(signer)).build(signer.getPrivate())));
            return new Issued(certificate, subjectKeys);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    private static String signatureAlgorithm(KeyPair signer) {
        return signer.getPublic().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    }

    /** The alias of the (first) key entry of a PKCS#12 store, such as an exported PFX. */
    public static String keyAlias(KeyStore store) throws KeyStoreException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return alias;
            }
        }
        throw new AssertionError("the store holds no key entry");
    }

    /** A fresh EC P-256 key pair. */
    public static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh RSA-2048 key pair. */
    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As above with a given key pair (RSA or EC), for tests that need many certificates quickly or other key types. */
    public static Issued selfSigned(String commonName, List<String> dnsNames, Instant notBefore, Instant notAfter,
                                    KeyPair keys) {
        try {
            X500Name name = new X500Name("CN=" + commonName);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                    Date.from(notBefore), Date.from(notAfter), name, keys.getPublic());
            if (!dnsNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                        dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            }
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signatureAlgorithm(keys)).build(keys.getPrivate())));
            return new Issued(certificate, keys);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }
}
