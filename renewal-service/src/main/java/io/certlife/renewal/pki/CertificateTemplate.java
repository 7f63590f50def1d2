package io.certlife.renewal.pki;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a new certificate says: subject (an X.500 name as the old certificate had it), SANs in order (DNS
 * names and IP addresses), validity, whether it also serves mutual TLS (clientAuth besides serverAuth), and
 * the CRL distribution points and CA Issuers URLs a CA puts in (empty for self-signed certificates).
 */
public record CertificateTemplate(String subject, List<String> subjectAltNames, Instant notBefore, Instant notAfter,
                                  boolean clientAuth, List<String> crlUrls, List<String> caIssuersUrls) {
    public CertificateTemplate {
        Objects.requireNonNull(subject, "subject");
        subjectAltNames = List.copyOf(subjectAltNames);
        crlUrls = List.copyOf(crlUrls);
        caIssuersUrls = List.copyOf(caIssuersUrls);
        if (!notAfter.isAfter(notBefore)) {
            throw new PkiException("notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
    }
}
