package io.certlife.inventory.pki;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.operator.bc.BcDefaultDigestProvider;

/**
 * Reads the certificates of a PKCS#12 file. Iteration counts are checked before any key derivation, so a
 * file built to burn CPU is refused at once; a file without a MAC is refused, the MAC is checked with the password;
 * the bags are counted (at most {@code max-certificates}) and key bags are never decrypted.
 */
final class Pkcs12Reader {

    /** The certificates, and whether the file also held a private key. */
    record Contents(List<X509CertificateHolder> certificates, boolean privateKeyIgnored) {
    }

    private Pkcs12Reader() {
    }

    /** A PFX is SEQUENCE { version INTEGER 3, authSafe ContentInfo, macData MacData OPTIONAL }. */
    static boolean isPfx(ASN1Sequence sequence) {
        return sequence.size() >= 2 && sequence.getObjectAt(0) instanceof ASN1Integer version
                && version.hasValue(3);
    }

    static Contents read(ASN1Sequence sequence, char[] password, CertificateReader.Limits limits) {
        char[] secret = password == null ? new char[0] : password;
        Pfx pfx = Pfx.getInstance(sequence);
        MacData mac = pfx.getMacData();
        if (mac == null) {
            throw new CertificateParseException("PKCS#12 file has no MAC: nothing shows it is intact (export it again with a password)");
        }
        requireIterations(mac.getIterationCount(), limits.maxIterations(), "MAC");
        PKCS12PfxPdu pdu = new PKCS12PfxPdu(pfx);
        try {
            ContentInfo[] contents = pdu.getContentInfos();
            if (contents.length > limits.maxCertificates()) {
                throw new CertificateParseException("PKCS#12 file holds " + contents.length + " safe contents, more than the "
                        + limits.maxCertificates() + " certificates one file may hold (certlife.import.max-certificates)");
            }
            if (!pdu.isMacValid(new BcPKCS12MacCalculatorBuilderProvider(BcDefaultDigestProvider.INSTANCE), secret)) {
                throw new CertificateParseException("PKCS#12 file: wrong password (the integrity check failed)");
            }
            List<X509CertificateHolder> certificates = new ArrayList<>();
            boolean key = false;
            int bagCount = 0;
            for (ContentInfo info : contents) {
                PKCS12SafeBagFactory bags;
                if (info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)) {
                    AlgorithmIdentifier algorithm = EncryptedData.getInstance(info.getContent()).getEncryptionAlgorithm();
                    requireIterations(iterations(algorithm), limits.maxIterations(), "certificate encryption");
                    bags = new PKCS12SafeBagFactory(info, new JcePKCSPBEInputDecryptorProviderBuilder()
                            .setProvider(new BouncyCastleProvider()).build(secret));
                } else {
                    bags = new PKCS12SafeBagFactory(info);
                }
                PKCS12SafeBag[] safeBags = bags.getSafeBags();
                bagCount += safeBags.length;
                if (bagCount > limits.maxCertificates()) {
                    throw new CertificateParseException("PKCS#12 file holds more than " + limits.maxCertificates()
                            + " bags, the most one file may hold (certlife.import.max-certificates)");
                }
                for (PKCS12SafeBag bag : safeBags) {
                    if (bag.getBagValue() instanceof X509CertificateHolder holder) {
                        certificates.add(holder);
                    } else if (bag.getType().equals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag)
                            || bag.getType().equals(PKCSObjectIdentifiers.keyBag)) {
                        key = true;
                    }
                }
            }
            if (certificates.isEmpty()) {
                throw new CertificateParseException("PKCS#12 file holds no certificates");
            }
            return new Contents(certificates, key);
        } catch (PKCSException e) {
            throw new CertificateParseException("PKCS#12 file cannot be opened: wrong password or damaged file ("
                    + e.getMessage() + ")", e);
        }
    }

    private static BigInteger iterations(AlgorithmIdentifier algorithm) {
        if (algorithm.getAlgorithm().equals(PKCSObjectIdentifiers.id_PBES2)) {
            PBES2Parameters parameters = PBES2Parameters.getInstance(algorithm.getParameters());
            return PBKDF2Params.getInstance(parameters.getKeyDerivationFunc().getParameters()).getIterationCount();
        }
        return PKCS12PBEParams.getInstance(algorithm.getParameters()).getIterations();
    }

    private static void requireIterations(BigInteger count, int max, String what) {
        if (count.signum() <= 0 || count.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new CertificateParseException("PKCS#12 file: " + what + " iteration count " + count
                    + " is outside 1.." + max + " (refused before any work)");
        }
    }
}
