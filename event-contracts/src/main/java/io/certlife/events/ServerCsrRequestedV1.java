package io.certlife.events;

import java.util.List;
import java.util.Objects;

/**
 * A renewal whose key is made on the server (custody ON_SERVER) waits for that server's CSR: the request must name
 * {@code subject} and {@code subjectAltNames} in this order, with a key of this algorithm and size; Windows must let
 * the key be exported again after import when {@code exportableKey}.
 */
public record ServerCsrRequestedV1(
        String renewalId,
        String certificateId,
        String subject,
        List<String> subjectAltNames,
        String keyAlgorithm,
        int keySize,
        boolean exportableKey,
        List<SlotRef> slots) implements EventData {

    public ServerCsrRequestedV1 {
        Objects.requireNonNull(renewalId, "renewalId");
        Objects.requireNonNull(subject, "subject");
        subjectAltNames = subjectAltNames == null ? List.of() : List.copyOf(subjectAltNames);
        slots = slots == null ? List.of() : List.copyOf(slots);
    }
}
