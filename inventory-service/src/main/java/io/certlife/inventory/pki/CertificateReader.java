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
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads X.509 certificates with Bouncy Castle and extracts the facts the inventory stores. Never decrypts
 * or keeps private keys: a key in the input is skipped and reported.
 */
public final class CertificateReader {

    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();
    private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter().setProvider(PROVIDER);

    private CertificateReader() {
    }

    /**
     * What one input may hold, so that a hostile file costs little: PKCS#12 iteration counts (checked before any key
     * derivation), certificates (and PKCS#12 bags) per input, and subject alternative names per certificate.
     */
    public record Limits(int maxIterations, int maxCertificates, int maxSubjectAltNames) {
    }

    /** What an input held: its certificates, and whether it also carried a private key (which is never kept). */
    public record Contents(List<ParsedCertificate> certificates, boolean privateKeyIgnored) {
    }

    /** A certificate the inventory stored (DER it read itself) as the JDK's type. */
    public static X509Certificate x509(byte[] der) {
        try {
            return CONVERTER.getCertificate(new X509CertificateHolder(der));
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("a stored certificate no longer decodes", e);
        }
    }

    /**
     * Reads every certificate in the input: PEM (certificates, PKCS#7 blocks; key blocks are skipped), or
     * DER of an X.509 certificate, a PKCS#7 (.p7b) bundle or a PKCS#12 (.pfx/.p12) file opened with
     * {@code password}, within {@code limits}.
     */
    public static Contents read(byte[] input, char[] password, Limits limits) {
        if (input == null || input.length == 0) {
            throw new CertificateParseException("empty input: expected a certificate (PEM, DER, PKCS#7 or PKCS#12)");
        }
        try {
            if (looksLikePem(input)) {
                return readPem(input, limits);
            }
            ASN1Sequence sequence = derSequence(input);
            if (Pkcs12Reader.isPfx(sequence)) {
                Pkcs12Reader.Contents pfx = Pkcs12Reader.read(sequence, password, limits);
                return new Contents(parse(pfx.certificates(), limits), pfx.privateKeyIgnored());
            }
            if (isSignedData(sequence)) {
                return new Contents(parse(pkcs7(ContentInfo.getInstance(sequence)), limits), false);
            }
            return new Contents(parse(List.of(new X509CertificateHolder(Certificate.getInstance(sequence))), limits), false);
        } catch (CertificateParseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CertificateParseException("input is neither PEM nor a readable DER certificate, PKCS#7 or PKCS#12 file ("
                    + e.getMessage() + ")", e);
        } catch (StackOverflowError e) {
            // deeply nested ASN.1 built to exhaust the parser
            throw new CertificateParseException("input is nested too deeply to be a certificate", e);
        }
    }

    private static boolean looksLikePem(byte[] input) {
        String head = new String(input, 0, Math.min(input.length, 4096), StandardCharsets.US_ASCII);
        return head.contains("-----BEGIN");
    }

    private static ASN1Sequence derSequence(byte[] input) throws IOException {
        try (ASN1InputStream in = new ASN1InputStream(input)) {
            ASN1Primitive primitive = in.readObject();
            if (!(primitive instanceof ASN1Sequence sequence)) {
                throw new CertificateParseException("input is neither PEM nor DER: no ASN.1 SEQUENCE at the start");
            }
            if (in.available() > 0 && in.readObject() != null) {
                throw new CertificateParseException("input has trailing data after its DER structure");
            }
            return sequence;
        }
    }

    private static boolean isSignedData(ASN1Sequence sequence) {
        return sequence.size() >= 1 && sequence.getObjectAt(0) instanceof ASN1ObjectIdentifier oid
                && oid.equals(PKCSObjectIdentifiers.signedData);
    }

    private static List<X509CertificateHolder> pkcs7(ContentInfo info) {
        try {
            CMSSignedData signed = new CMSSignedData(info);
            List<X509CertificateHolder> holders = new ArrayList<>(signed.getCertificates().getMatches(null));
            if (holders.isEmpty()) {
                throw new CertificateParseException("PKCS#7 bundle holds no certificates");
            }
            return holders;
        } catch (CMSException e) {
            throw new CertificateParseException("PKCS#7 bundle is malformed: " + e.getMessage(), e);
        }
    }

    private static Contents readPem(byte[] input, Limits limits) {
        List<X509CertificateHolder> holders = new ArrayList<>();
        boolean key = false;
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof X509CertificateHolder holder) {
                    holders.add(holder);
                } else if (object instanceof ContentInfo info) {
                    holders.addAll(pkcs7(info));
                } else if (object instanceof PEMKeyPair || object instanceof PrivateKeyInfo
                        || object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                    key = true;
                }
                if (holders.size() > limits.maxCertificates()) {
                    throw tooMany(limits);
                }
            }
        } catch (CertificateParseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CertificateParseException("PEM input is malformed: " + e.getMessage(), e);
        }
        if (holders.isEmpty()) {
            throw new CertificateParseException("PEM input holds no CERTIFICATE or PKCS7 block");
        }
        return new Contents(parse(holders, limits), key);
    }

    static CertificateParseException tooMany(Limits limits) {
        return new CertificateParseException("the input holds more than " + limits.maxCertificates()
                + " certificates, the most one file may hold (certlife.import.max-certificates)");
    }

    private static List<ParsedCertificate> parse(List<X509CertificateHolder> holders, Limits limits) {
        if (holders.size() > limits.maxCertificates()) {
            throw tooMany(limits);
        }
        for (X509CertificateHolder holder : holders) {
            GeneralNames names = GeneralNames.fromExtensions(holder.getExtensions(), Extension.subjectAlternativeName);
            if (names != null && names.getNames().length > limits.maxSubjectAltNames()) {
                throw new CertificateParseException("the certificate " + holder.getSubject() + " has " + names.getNames().length
                        + " subject alternative names; certlife accepts at most " + limits.maxSubjectAltNames()
                        + " (certlife.import.max-subject-alt-names)");
            }
        }
        return holders.stream().map(CertificateReader::parse).toList();
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
