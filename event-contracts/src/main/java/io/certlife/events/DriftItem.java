package io.certlife.events;

import java.util.Objects;

/** One difference between a clone of the old certificate and current policy or topology. */
public record DriftItem(String code, Severity severity, String message) {
    public DriftItem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
