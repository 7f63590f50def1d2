package io.certlife.renewal.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.openssl.PEMParser;

/** PKCS#10 requests with the SANs in an extensionRequest, and reading the certificates a CA sends back. */
public final class Csr {

    private Csr() {
    }

    public static PKCS10CertificationRequest create(String subject, List<String> subjectAltNames, KeyPair keys, KeySpec spec) {
        try {
            JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject),
                    keys.getPublic());
            if (!subjectAltNames.isEmpty()) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectAltNames.stream()
                        .map(name -> new GeneralName(GeneralName.dNSName, name)).toArray(GeneralName[]::new)));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            return builder.build(Pki.signer(spec).build(keys.getPrivate()));
        } catch (IOException | OperatorCreationException e) {
            throw new PkiException("cannot build the certificate request for " + subject, e);
        }
    }

    /** Every certificate in PEM input, in order (the leaf first, then its chain). */
    public static List<X509Certificate> readCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new InputStreamReader(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII))) {
            Object object;
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while ((object = parser.readObject()) != null) {
                if (object instanceof org.bouncycastle.cert.X509CertificateHolder holder) {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded())));
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

    /** The public key of a request, to check that a returned certificate is for the pending key. */
    public static PublicKey publicKey(String csrPem) {
        try (PEMParser parser = new PEMParser(new InputStreamReader(
                new ByteArrayInputStream(csrPem.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII))) {
            PKCS10CertificationRequest request = (PKCS10CertificationRequest) parser.readObject();
            return new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(request).getPublicKey();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new PkiException("stored certificate request is unreadable", e);
        }
    }
}
