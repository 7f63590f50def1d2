package io.certlife.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Someone asked a service to change something, or was refused: who ({@code subject}: a token's name, a provider's
 * user or client, or {@code anonymous}), with which of the roles the operation accepts, what ({@code action}: the
 * method and the operation's path template) on which object (the path), the outcome (the HTTP status), from which
 * address, and the request's id. Never a secret: no header, no body.
 */
public record AuditRecordedV1(
        String recordId,
        String service,
        Instant at,
        String subject,
        List<String> roles,
        String action,
        String object,
        int outcome,
        String address,
        String requestId) implements EventData {

    public AuditRecordedV1 {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(action, "action");
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
