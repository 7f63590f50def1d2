package io.certlife.renewal.pki;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Builds a PKCS#12 file holding the private key, the leaf and its chain, with friendlyName and localKeyId,
 * in a profile the target can import.
 */
public final class PfxBuilder {

    static final int ITERATIONS = 2048;
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private PfxBuilder() {
    }

    public static byte[] build(PrivateKey key, X509Certificate leaf, List<X509Certificate> chain, String friendlyName,
                               char[] password, PfxProfile profile) {
        try {
            byte[] localKeyId = MessageDigest.getInstance("SHA-1").digest(leaf.getPublicKey().getEncoded());
            OutputEncryptor encryptor = encryptor(profile, password);
            PKCS12SafeBagBuilder leafBag = new JcaPKCS12SafeBagBuilder(leaf);
            leafBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(friendlyName));
            leafBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, new DEROctetString(localKeyId));
            PKCS12SafeBag[] certificates = new PKCS12SafeBag[1 + chain.size()];
            certificates[0] = leafBag.build();
            for (int i = 0; i < chain.size(); i++) {
                certificates[i + 1] = new JcaPKCS12SafeBagBuilder(chain.get(i)).build();
            }
            PKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(key, encryptor);
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(friendlyName));
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, new DEROctetString(localKeyId));
            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            pfx.addEncryptedData(encryptor(profile, password), certificates);
            pfx.addData(keyBag.build());
            BcPKCS12MacCalculatorBuilder mac = profile == PfxProfile.LEGACY
                    ? new BcPKCS12MacCalculatorBuilder(new SHA1Digest(), new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1, DERNull.INSTANCE))
                    : new BcPKCS12MacCalculatorBuilder(new SHA256Digest(), new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE));
            return pfx.build(mac.setIterationCount(ITERATIONS), password).getEncoded();
        } catch (NoSuchAlgorithmException | IOException | PKCSException e) {
            throw new PkiException("cannot build the " + profile + " PKCS#12 file", e);
        }
    }

    private static OutputEncryptor encryptor(PfxProfile profile, char[] password) {
        try {
            if (profile == PfxProfile.LEGACY) {
                return new JcePKCSPBEOutputEncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
                        .setProvider(BC).setIterationCount(ITERATIONS).build(password);
            }
            return new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
                    .setPRF(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))
                    .setProvider(BC).setIterationCount(ITERATIONS).build(password);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new PkiException("cannot set up " + profile + " PKCS#12 encryption", e);
        }
    }
}
