package io.certlife.local;

import io.certlife.testsupport.TestCertificates;
import java.io.StringReader;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;

/** Hostile PKCS#12 files for {@link HostileInputIT}, made with Bouncy Castle's PKCS#12 builders. */
final class Pkcs12s {

    private Pkcs12s() {
    }

    /** {@code pfx} with its MAC claiming {@code iterations} iterations (the MAC no longer verifies: it must not be tried). */
    static byte[] withIterations(byte[] pfx, int iterations) throws Exception {
        Pfx parsed = Pfx.getInstance(pfx);
        MacData mac = parsed.getMacData();
        MacData claimed = new MacData(mac.getMac(), mac.getSalt(), iterations);
        return new Pfx(parsed.getAuthSafe(), claimed).getEncoded("DER");
    }

    /** A PFX with the certificate and its key but no MAC (nothing protects its integrity). */
    static byte[] withoutMac(TestCertificates.Issued leaf, X509Certificate ca) throws Exception {
        PKCS12PfxPduBuilder builder = new PKCS12PfxPduBuilder();
        builder.addData(new JcaPKCS12SafeBagBuilder(leaf.certificate()).build());
        builder.addData(new JcaPKCS12SafeBagBuilder(ca).build());
        builder.addData(new JcaPKCS12SafeBagBuilder(leaf.keyPair().getPrivate()).build());
        return builder.build(null, null).getEncoded();
    }

    /** A PFX holding {@code count} certificate bags (the same small certificate). */
    static byte[] withBags(String certificatePem, int count) throws Exception {
        X509CertificateHolder certificate;
        try (PEMParser parser = new PEMParser(new StringReader(certificatePem))) {
            certificate = (X509CertificateHolder) parser.readObject();
        }
        PKCS12PfxPduBuilder builder = new PKCS12PfxPduBuilder();
        for (int i = 0; i < count; i++) {
            builder.addData(new PKCS12SafeBagBuilder(certificate).build());
        }
        return builder.build(null, null).getEncoded();
    }
}
