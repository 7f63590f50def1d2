package io.certlife.renewal.pki;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** PKCS#10 requests with the SANs in an extensionRequest, and the key of a stored request. */
public final class Csr {

    private Csr() {
    }

    public static PKCS10CertificationRequest create(String subject, List<String> subjectAltNames, KeyPair keys, KeySpec spec) {
        try {
            JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject),
                    keys.getPublic());
            if (!subjectAltNames.isEmpty()) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false, Pki.subjectAltNames(subjectAltNames));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            return builder.build(Pki.signer(spec).build(keys.getPrivate()));
        } catch (IOException | OperatorCreationException e) {
            throw new PkiException("cannot build the certificate request for " + subject, e);
        }
    }

    /** The public key of a request, to check that a returned certificate is for the pending key. */
    public static PublicKey publicKey(String csrPem) {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            PKCS10CertificationRequest request = (PKCS10CertificationRequest) parser.readObject();
            return new JcaPKCS10CertificationRequest(request).getPublicKey();
        } catch (IOException | GeneralSecurityException e) {
            throw new PkiException("stored certificate request is unreadable", e);
        }
    }
}
