package io.certlife.local;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The demo's certificates and its stand-in certificate authorities: made in memory at each start of the launcher,
 * never written anywhere but to the services as a real estate's certificates would be.
 */
final class DemoPki {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate authority: its certificate and key pair. */
    record Authority(X509Certificate certificate, KeyPair keys) {
        String pem() {
            return DemoPki.pem(certificate);
        }
    }

    private DemoPki() {
    }

    /** A CA certificate (BasicConstraints CA=true) with a fresh RSA-2048 key. */
    static Authority authority(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair keys = rsaKeyPair();
        X500Name name = new X500Name("CN=" + commonName);
        X509Certificate certificate = sign(new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore),
                Date.from(notAfter), name, keys.getPublic()), keys, new BasicConstraints(true), List.of(), null);
        return new Authority(certificate, keys);
    }

    /** An install-time self-signed certificate (as Exchange makes them), PEM. */
    static String selfSigned(String commonName, List<String> dnsNames, Instant notBefore, Instant notAfter) {
        KeyPair keys = rsaKeyPair();
        X500Name name = new X500Name("CN=" + commonName);
        return pem(sign(new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore), Date.from(notAfter), name,
                keys.getPublic()), keys, null, dnsNames, null));
    }

    /** A self-signed TLS server certificate for {@code localhost} and its key, PEM (the demo's ACME server listens with it). */
    record ServerTls(String certificatePem, String keyPem) {
    }

    static ServerTls localhostTls(Instant notBefore, Instant notAfter) {
        KeyPair keys = rsaKeyPair();
        X500Name name = new X500Name("CN=localhost");
        X509Certificate certificate = sign(new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore), Date.from(notAfter),
                name, keys.getPublic()), keys, null, List.of("localhost"), null);
        StringWriter key = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(key)) {
            writer.writeObject(keys.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServerTls(pem(certificate), key.toString());
    }

    /** A leaf for a fresh key, signed by {@code ca}, with one CRL distribution point URL when given; PEM, leaf then CA. */
    static String issuedBy(Authority ca, String commonName, List<String> dnsNames, Instant notBefore, Instant notAfter,
                           String crlUrl) {
        return pem(issue(ca, rsaKeyPair().getPublic(), "CN=" + commonName, dnsNames, notBefore, notAfter, crlUrl)) + ca.pem();
    }

    /** Answers a CSR as a public CA would: its subject and DNS names, signed by {@code ca}; PEM, leaf then CA. */
    static String answer(String csrPem, Authority ca, Instant notBefore, Instant notAfter, String crlUrl) {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest((PKCS10CertificationRequest) parser.readObject());
            List<String> names = new ArrayList<>();
            var attributes = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
            if (attributes.length > 0) {
                GeneralNames sans = GeneralNames.fromExtensions(Extensions.getInstance(attributes[0].getAttrValues().getObjectAt(0)),
                        Extension.subjectAlternativeName);
                for (GeneralName name : sans == null ? new GeneralName[0] : sans.getNames()) {
                    names.add(name.getName().toString());
                }
            }
            return pem(issue(ca, csr.getPublicKey(), csr.getSubject().toString(), names, notBefore, notAfter, crlUrl)) + ca.pem();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("stand-in CA cannot read the CSR: " + e.getMessage(), e);
        }
    }

    /** The subject of a PEM CSR, to choose the authority that answers it. */
    static String subject(String csrPem) {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            return ((PKCS10CertificationRequest) parser.readObject()).getSubject().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static X509Certificate issue(Authority ca, PublicKey key, String subject, List<String> dnsNames,
                                         Instant notBefore, Instant notAfter, String crlUrl) {
        return sign(new JcaX509v3CertificateBuilder(ca.certificate(), serial(), Date.from(notBefore), Date.from(notAfter),
                new X500Name(subject), key), ca.keys(), new BasicConstraints(false), dnsNames, crlUrl);
    }

    /** Signs with {@code signer}; install-time self-signed certificates carry no basic constraints ({@code null}). */
    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair signer, BasicConstraints constraints,
                                        List<String> dnsNames, String crlUrl) {
        try {
            if (constraints != null) {
                builder.addExtension(Extension.basicConstraints, true, constraints);
            }
            if (!dnsNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                        dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            }
            if (crlUrl != null) {
                GeneralNames url = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl));
                builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                        new DistributionPoint(new DistributionPointName(url), null, null)}));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a demo certificate", e);
        }
    }

    private static String pem(X509Certificate certificate) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
