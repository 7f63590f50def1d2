package io.certlife.events;

import java.util.List;
import java.util.Objects;

/** A PKCS#10 request for a renewal is ready to be sent to a CA; the PEM holds no private key. */
public record CsrGeneratedV1(
        String renewalId,
        String certificateId,
        String subject,
        List<String> subjectAltNames,
        String csrPem) implements EventData {

    public CsrGeneratedV1 {
        Objects.requireNonNull(renewalId, "renewalId");
        Objects.requireNonNull(csrPem, "csrPem");
        subjectAltNames = subjectAltNames == null ? List.of() : List.copyOf(subjectAltNames);
    }
}
