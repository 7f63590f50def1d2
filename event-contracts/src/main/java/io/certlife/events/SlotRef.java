package io.certlife.events;

import java.util.Objects;

/** A binding slot: the certificate a server (its FQDN) uses for one service. */
public record SlotRef(String server, ServiceKind service) {
    public SlotRef {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(service, "service");
    }
}
