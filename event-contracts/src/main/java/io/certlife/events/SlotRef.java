package io.certlife.events;

import java.util.Objects;

/** A binding slot: the certificate a server uses for one service (IIS, SMTP, POP, IMAP, UM, UM_CALL_ROUTER, ISA_LISTENER). */
public record SlotRef(String server, String service) {
    public SlotRef {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(service, "service");
    }
}
