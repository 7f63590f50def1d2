package io.certlife.events;

import java.util.List;
import java.util.Objects;

/** A replacement certificate exists for {@code replacesCertificateId}: leaf and chain in PEM, never the key. */
public record CertificateIssuedV1(
        String renewalId,
        String replacesCertificateId,
        CertificateSummary certificate,
        String certificatePem,
        List<String> chainPem,
        List<SlotRef> slots,
        boolean exportableKey) implements EventData {

    public CertificateIssuedV1 {
        Objects.requireNonNull(renewalId, "renewalId");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(certificatePem, "certificatePem");
        chainPem = chainPem == null ? List.of() : List.copyOf(chainPem);
        slots = slots == null ? List.of() : List.copyOf(slots);
    }
}
