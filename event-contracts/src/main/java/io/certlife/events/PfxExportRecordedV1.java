package io.certlife.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Something happened to a PFX export of a certificate with its private key: {@code CREATED} (by whom, for which
 * operator task if any, in which profile, until when), {@code DOWNLOADED} (the one download), or
 * {@code PASSWORD_REVEALED} (to which key custodian). Never the download token or the password.
 */
public record PfxExportRecordedV1(
        String exportId,
        String certificateId,
        Action action,
        String profile,
        String taskId,
        String by,
        Instant expiresAt) implements EventData {

    /** What happened to the export. */
    public enum Action { CREATED, DOWNLOADED, PASSWORD_REVEALED }

    public PfxExportRecordedV1 {
        Objects.requireNonNull(exportId, "exportId");
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(action, "action");
    }
}
