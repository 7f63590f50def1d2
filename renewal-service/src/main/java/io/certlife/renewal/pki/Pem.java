package io.certlife.renewal.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Every PEM and DER conversion of renewal-service: certificates, chains, requests and configured keys. */
public final class Pem {

    private Pem() {
    }

    /** The PEM encoding of a certificate, request or key. */
    public static String of(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new PkiException("cannot write PEM", e);
        }
        return out.toString();
    }

    /** A leaf followed by its chain, as one PEM text. */
    public static String chain(X509Certificate leaf, List<X509Certificate> chain) {
        StringBuilder pem = new StringBuilder(of(leaf));
        chain.forEach(certificate -> pem.append(of(certificate)));
        return pem.toString();
    }

    /** Every certificate in PEM input, in order (the leaf first, then its chain); other blocks are skipped. */
    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new PkiException("the certificate is not readable PEM: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new PkiException("no CERTIFICATE block in the input");
        }
        return certificates;
    }

    /** The DER bytes of the first PEM block (a stored request, say). */
    public static byte[] der(String pem) {
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject object = reader.readPemObject();
            if (object == null) {
                throw new PkiException("no PEM block in the input");
            }
            return object.getContent();
        } catch (IOException e) {
            throw new PkiException("unreadable PEM", e);
        }
    }

    /** An unencrypted PEM private key (PKCS#8, or a traditional RSA/EC key pair); {@code what} names it in errors. */
    public static PrivateKey privateKey(String pem, String what) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new PkiException(what + " is not an unencrypted PEM private key");
        } catch (IOException e) {
            throw new PkiException(what + " is unreadable", e);
        }
    }
}
