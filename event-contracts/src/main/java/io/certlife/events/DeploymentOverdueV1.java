package io.certlife.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A replacement certificate issued at {@code issuedAt} has not been seen served on {@code pending} within
 * {@code deployWithin}; the certificate it replaces still serves them and stays watched. Emitted once per replacement.
 */
public record DeploymentOverdueV1(
        String certificateId,
        String replacesCertificateId,
        String thumbprintSha1,
        Instant issuedAt,
        Duration deployWithin,
        List<SlotRef> pending) implements EventData {

    public DeploymentOverdueV1 {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        pending = pending == null ? List.of() : List.copyOf(pending);
    }
}
