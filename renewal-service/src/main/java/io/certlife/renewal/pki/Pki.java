package io.certlife.renewal.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate façade: key pairs and X.509 v3 certificates (random positive 64-bit+ serials,
 * BasicConstraints, KeyUsage, EKU serverAuth and optionally clientAuth, SKI, AKI, SANs in order). Keys and
 * signatures use the JDK providers; Bouncy Castle builds the ASN.1.
 */
public final class Pki {

    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Measured by the renewal benchmark on the build machine (see the README): Bouncy Castle generates EC keys about
     * 6x and signs with them about 2x faster than the JDK's SunEC; the JDK is faster for RSA. Each uses the faster.
     */
    private static final Provider BC = new BouncyCastleProvider();

    private Pki() {
    }

    public static KeyPair generateKeyPair(KeySpec spec) {
        try {
            KeyPairGenerator generator = spec.algorithm().equals("EC") ? KeyPairGenerator.getInstance("EC", BC)
                    : KeyPairGenerator.getInstance(spec.algorithm());
            if (spec.algorithm().equals("EC")) {
                generator.initialize(new ECGenParameterSpec(spec == KeySpec.EC_P256 ? "secp256r1" : "secp384r1"), RANDOM);
            } else {
                generator.initialize(spec.size(), RANDOM);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate a " + spec + " key", e);
        }
    }

    /** A self-signed leaf for the template, signed by its own new key. */
    public static X509Certificate selfSigned(CertificateTemplate template, KeyPair keys, KeySpec spec) {
        X500Name name = new X500Name(template.subject());
        return sign(new JcaX509v3CertificateBuilder(name, serial(), Date.from(template.notBefore()),
                Date.from(template.notAfter()), name, keys.getPublic()), template, keys.getPublic(), keys.getPublic(), keys, spec);
    }

    /** A leaf for the template and public key, issued by a CA certificate and key. */
    public static X509Certificate issue(CertificateTemplate template, PublicKey subjectKey, X509Certificate ca,
                                        KeyPair caKeys, KeySpec caSpec) {
        return sign(new JcaX509v3CertificateBuilder(ca, serial(), Date.from(template.notBefore()),
                Date.from(template.notAfter()), new X500Name(template.subject()), subjectKey), template, subjectKey,
                ca.getPublicKey(), caKeys, caSpec);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, CertificateTemplate template, PublicKey subjectKey,
                                        PublicKey issuerKey, KeyPair signer, KeySpec signerSpec) {
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(subjectKey.getAlgorithm().equals("RSA")
                    ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, template.clientAuth()
                    ? new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth})
                    : new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(issuerKey));
            if (!template.crlUrls().isEmpty()) {
                builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(template.crlUrls().stream()
                        .map(url -> new DistributionPoint(new DistributionPointName(new GeneralNames(
                                new GeneralName(GeneralName.uniformResourceIdentifier, url))), null, null))
                        .toArray(DistributionPoint[]::new)));
            }
            if (!template.caIssuersUrls().isEmpty()) {
                builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        template.caIssuersUrls().stream().map(url -> new AccessDescription(AccessDescription.id_ad_caIssuers,
                                new GeneralName(GeneralName.uniformResourceIdentifier, url))).toArray(AccessDescription[]::new)));
            }
            if (!template.subjectAltNames().isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(template.subjectAltNames()));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    signer(signerSpec).build(signer.getPrivate())));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new PkiException("cannot build the certificate for " + template.subject(), e);
        }
    }

    /** A content signer for the key type: Bouncy Castle for EC, the JDK for RSA (the faster of each). */
    static JcaContentSignerBuilder signer(KeySpec spec) {
        JcaContentSignerBuilder builder = new JcaContentSignerBuilder(spec.signatureAlgorithm());
        return spec.algorithm().equals("EC") ? builder.setProvider(BC) : builder;
    }

    /** The one SAN encoder of certificates and requests: IP addresses as iPAddress names, everything else as dNSName, in order. */
    static GeneralNames subjectAltNames(List<String> names) {
        return new GeneralNames(names.stream().map(Pki::generalName).toArray(GeneralName[]::new));
    }

    private static GeneralName generalName(String name) {
        if (name.matches("[0-9.]+") || name.contains(":")) {
            try {
                InetAddress.getByName(name);
                return new GeneralName(GeneralName.iPAddress, name);
            } catch (IOException e) {
                throw new PkiException("SAN '" + name + "' is neither a DNS name nor an IP address");
            }
        }
        return new GeneralName(GeneralName.dNSName, name);
    }

    /** A self-signed CA certificate for a new internal CA (BasicConstraints CA:TRUE, keyCertSign, cRLSign). */
    public static X509Certificate certificateAuthority(String subject, KeyPair keys, KeySpec spec, java.time.Instant notBefore,
                                                       java.time.Instant notAfter) {
        try {
            X500Name name = new X500Name(subject);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore),
                    Date.from(notAfter), name, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    signer(spec).build(keys.getPrivate())));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new PkiException("cannot build the internal CA certificate " + subject, e);
        }
    }

    /** A random positive serial of 127 bits: more than the 64 bits of entropy CA/B Forum rules ask for. */
    static BigInteger serial() {
        return new BigInteger(127, RANDOM).setBit(126);
    }
}
