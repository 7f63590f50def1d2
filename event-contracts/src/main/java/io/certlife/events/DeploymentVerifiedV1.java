package io.certlife.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Discovery saw a replacement certificate served on one of its slots, over the slot's own protocol. {@code pending}
 * lists the slots of the replacement not seen serving it yet: when it is empty the replacement is deployed everywhere
 * and the certificate it replaces ({@code replacesCertificateId}, null for a first certificate) is retired from them.
 */
public record DeploymentVerifiedV1(
        String certificateId,
        String replacesCertificateId,
        String thumbprintSha1,
        SlotRef slot,
        Instant verifiedAt,
        List<SlotRef> pending) implements EventData {

    public DeploymentVerifiedV1 {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(verifiedAt, "verifiedAt");
        pending = pending == null ? List.of() : List.copyOf(pending);
    }
}
