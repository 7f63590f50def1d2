package io.certlife.inventory.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;

/**
 * Reads X.509 certificates from PEM or DER with Bouncy Castle and extracts the facts the inventory
 * stores. Never reads or keeps private keys.
 */
public final class CertificateReader {

    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();
    private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter().setProvider(PROVIDER);

    private CertificateReader() {
    }

    /** Reads every certificate in the input: PEM (one or many blocks) or a single DER certificate. */
    public static List<ParsedCertificate> read(byte[] input) {
        if (input == null || input.length == 0) {
            throw new CertificateParseException("empty input: expected a PEM or DER certificate");
        }
        List<X509CertificateHolder> holders = looksLikePem(input) ? readPem(input) : List.of(readDer(input));
        return holders.stream().map(CertificateReader::parse).toList();
    }

    private static boolean looksLikePem(byte[] input) {
        String head = new String(input, 0, Math.min(input.length, 4096), StandardCharsets.US_ASCII);
        return head.contains("-----BEGIN");
    }

    private static List<X509CertificateHolder> readPem(byte[] input) {
        List<X509CertificateHolder> holders = new ArrayList<>();
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof X509CertificateHolder holder) {
                    holders.add(holder);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new CertificateParseException("PEM input is malformed: " + e.getMessage(), e);
        }
        if (holders.isEmpty()) {
            throw new CertificateParseException("PEM input holds no CERTIFICATE block");
        }
        return holders;
    }

    private static X509CertificateHolder readDer(byte[] input) {
        try {
            return new X509CertificateHolder(input);
        } catch (IOException | RuntimeException e) {
            throw new CertificateParseException("input is neither PEM nor a DER-encoded X.509 certificate ("
                    + e.getMessage() + ")", e);
        }
    }

    private static ParsedCertificate parse(X509CertificateHolder holder) {
        try {
            X509Certificate certificate = CONVERTER.getCertificate(holder);
            byte[] der = holder.getEncoded();
            PublicKey key = certificate.getPublicKey();
            return new ParsedCertificate(
                    der,
                    digest("SHA-1", der),
                    digest("SHA-256", der),
                    holder.getSubject().toString(),
                    commonName(holder.getSubject()),
                    holder.getIssuer().toString(),
                    holder.getSerialNumber().toString(16).toUpperCase(),
                    subjectAltNames(holder),
                    certificate.getNotBefore().toInstant(),
                    certificate.getNotAfter().toInstant(),
                    keyAlgorithm(key),
                    keySize(key),
                    certificate.getSigAlgName(),
                    isSelfSigned(holder, certificate),
                    certificate.getBasicConstraints() >= 0,
                    extendedKeyUsages(holder),
                    crlDistributionPoints(holder),
                    authorityInfoAccess(holder));
        } catch (CertificateException | IOException e) {
            throw new CertificateParseException("certificate cannot be decoded: " + e.getMessage(), e);
        }
    }

    private static List<String> subjectAltNames(X509CertificateHolder holder) {
        GeneralNames names = GeneralNames.fromExtensions(holder.getExtensions(), Extension.subjectAlternativeName);
        if (names == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (GeneralName name : names.getNames()) {
            switch (name.getTagNo()) {
                case GeneralName.dNSName, GeneralName.rfc822Name, GeneralName.uniformResourceIdentifier ->
                        result.add(name.getName().toString());
                case GeneralName.iPAddress -> result.add(ipAddress(name));
                default -> {
                    // other name forms (directory names, otherName) are not used for TLS name matching
                }
            }
        }
        return result;
    }

    private static String commonName(X500Name name) {
        RDN[] cn = name.getRDNs(BCStyle.CN);
        return cn.length == 0 ? null : IETFUtils.valueToString(cn[0].getFirst().getValue());
    }

    /** Names of the extended key usages (serverAuth, clientAuth, ...), or their OIDs when unnamed. */
    private static List<String> extendedKeyUsages(X509CertificateHolder holder) {
        ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(holder.getExtensions());
        if (eku == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (KeyPurposeId purpose : eku.getUsages()) {
            result.add(EKU_NAMES.getOrDefault(purpose, purpose.getId()));
        }
        return result;
    }

    private static final java.util.Map<KeyPurposeId, String> EKU_NAMES = java.util.Map.of(
            KeyPurposeId.id_kp_serverAuth, "serverAuth",
            KeyPurposeId.id_kp_clientAuth, "clientAuth",
            KeyPurposeId.id_kp_codeSigning, "codeSigning",
            KeyPurposeId.id_kp_emailProtection, "emailProtection",
            KeyPurposeId.id_kp_timeStamping, "timeStamping",
            KeyPurposeId.id_kp_OCSPSigning, "OCSPSigning");

    private static List<String> crlDistributionPoints(X509CertificateHolder holder) {
        CRLDistPoint points = CRLDistPoint.fromExtensions(holder.getExtensions());
        if (points == null) {
            return List.of();
        }
        List<String> urls = new ArrayList<>();
        for (DistributionPoint point : points.getDistributionPoints()) {
            DistributionPointName name = point.getDistributionPoint();
            if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
                for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
                    if (general.getTagNo() == GeneralName.uniformResourceIdentifier) {
                        urls.add(general.getName().toString());
                    }
                }
            }
        }
        return urls;
    }

    private static List<String> authorityInfoAccess(X509CertificateHolder holder) {
        AuthorityInformationAccess access = AuthorityInformationAccess.fromExtensions(holder.getExtensions());
        if (access == null) {
            return List.of();
        }
        List<String> urls = new ArrayList<>();
        for (AccessDescription description : access.getAccessDescriptions()) {
            GeneralName location = description.getAccessLocation();
            if (location.getTagNo() == GeneralName.uniformResourceIdentifier) {
                String kind = description.getAccessMethod().equals(AccessDescription.id_ad_ocsp) ? "OCSP" : "CA Issuers";
                urls.add(kind + " - " + location.getName());
            }
        }
        return urls;
    }

    private static String ipAddress(GeneralName name) {
        byte[] octets = org.bouncycastle.asn1.ASN1OctetString.getInstance(name.getName()).getOctets();
        try {
            return java.net.InetAddress.getByAddress(octets).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return HexFormat.of().formatHex(octets);
        }
    }

    private static boolean isSelfSigned(X509CertificateHolder holder, X509Certificate certificate) {
        if (!holder.getSubject().equals(holder.getIssuer())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey(), PROVIDER);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String keyAlgorithm(PublicKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "RSA";
            case "EC", "ECDSA" -> "EC";
            default -> key.getAlgorithm();
        };
    }

    private static int keySize(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        return 0;
    }

    private static String digest(String algorithm, byte[] der) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance(algorithm).digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from the JDK", e);
        }
    }
}
