package io.certlife.renewal.pki;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
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

    /**
     * Checks a server's request against the plan: a PKCS#10 request in PEM whose signature verifies with its own key
     * (the server holds the private key), naming the plan's subject and exactly its SANs in their order, with a key of
     * the planned algorithm and size. Returns it normalised (one PEM block).
     *
     * @throws PkiException naming the first difference
     */
    public static String checkAgainstPlan(String pem, String subject, List<String> subjectAltNames, KeySpec planned) {
        PKCS10CertificationRequest request;
        try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
            Object read = parser.readObject();
            if (!(read instanceof PKCS10CertificationRequest csr)) {
                throw new PkiException("not a certificate request: send the PEM (-----BEGIN CERTIFICATE REQUEST-----) the "
                        + "server wrote");
            }
            request = csr;
        } catch (IOException | RuntimeException e) {
            throw e instanceof PkiException p ? p : new PkiException("not a readable certificate request (PEM)");
        }
        try {
            JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(request);
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(jca.getPublicKey()))) {
                throw new PkiException("the request's signature does not verify with its own key");
            }
            KeySpec key = KeySpec.of(jca.getPublicKey());
            if (!key.equals(planned)) {
                throw new PkiException("the request's key is " + key.algorithm() + " " + KeySpec.bits(jca.getPublicKey())
                        + ", the plan's " + planned.algorithm() + " " + planned.size());
            }
        } catch (OperatorCreationException | PKCSException | GeneralSecurityException e) {
            throw new PkiException("the request's key or signature is unreadable");
        }
        if (!new X500Name(subject).equals(request.getSubject())) {
            throw new PkiException("the request names subject " + request.getSubject() + ", the plan " + subject);
        }
        List<String> names = subjectAltNames(request);
        if (!names.equals(subjectAltNames)) {
            throw new PkiException("the request names " + (names.isEmpty() ? "no SAN" : String.join(", ", names))
                    + "; the plan " + String.join(", ", subjectAltNames) + ", in this order");
        }
        return Pem.of(request);
    }

    private static List<String> subjectAltNames(PKCS10CertificationRequest request) {
        List<String> names = new ArrayList<>();
        for (Attribute attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
            GeneralNames sans = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            if (sans != null) {
                for (GeneralName name : sans.getNames()) {
                    names.add(name.getTagNo() == GeneralName.iPAddress ? ipAddress(name) : name.getName().toString());
                }
            }
        }
        return names;
    }

    private static String ipAddress(GeneralName name) {
        try {
            return java.net.InetAddress.getByAddress(org.bouncycastle.asn1.DEROctetString.getInstance(name.getName()).getOctets())
                    .getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new PkiException("the request names an IP address that is neither IPv4 nor IPv6");
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
