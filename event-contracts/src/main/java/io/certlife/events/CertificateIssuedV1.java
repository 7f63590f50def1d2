package io.certlife.events;

import java.util.List;
import java.util.Objects;

/**
 * A replacement certificate exists for {@code replacesCertificateId}: leaf and chain in PEM, never the key;
 * {@code keyCustody} says whether certlife holds its key (CENTRAL, delivered by the server's task) or the server made
 * it (ON_SERVER: the task imports the certificate onto the server's pending request).
 */
public record CertificateIssuedV1(
        String renewalId,
        String replacesCertificateId,
        CertificateSummary certificate,
        String certificatePem,
        List<String> chainPem,
        List<SlotRef> slots,
        boolean exportableKey,
        KeyCustody keyCustody) implements EventData {

    public CertificateIssuedV1 {
        Objects.requireNonNull(renewalId, "renewalId");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(certificatePem, "certificatePem");
        chainPem = chainPem == null ? List.of() : List.copyOf(chainPem);
        slots = slots == null ? List.of() : List.copyOf(slots);
        keyCustody = keyCustody == null ? KeyCustody.CENTRAL : keyCustody;
    }

    /** A replacement whose key certlife made. */
    public CertificateIssuedV1(String renewalId, String replacesCertificateId, CertificateSummary certificate,
                               String certificatePem, List<String> chainPem, List<SlotRef> slots, boolean exportableKey) {
        this(renewalId, replacesCertificateId, certificate, certificatePem, chainPem, slots, exportableKey, KeyCustody.CENTRAL);
    }
}
