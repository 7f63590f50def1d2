package io.certlife.inventory.discovery;

import io.certlife.events.ServiceKind.TlsMode;
import io.certlife.events.ServiceKind;

/**
 * A TLS endpoint to probe: the name it is known by (sent as SNI when it is a name), the address to connect
 * to, the port, how TLS starts there, and the slot it stands for when it came from the estate
 * ({@code server}/{@code service} null for ad-hoc targets).
 */
public record Endpoint(String host, String address, int port, TlsMode mode, String server, ServiceKind service) {

    /** Ports where TLS is implicit whatever the protocol (SMTPS, IMAPS, POP3S). */
    public static boolean implicitPort(int port) {
        return port == 465 || port == 993 || port == 995;
    }

    /** The TLS mode a port conventionally uses: STARTTLS on 25/587/110/143, implicit TLS elsewhere. */
    public static TlsMode modeForPort(int port) {
        return switch (port) {
            case 25, 587 -> TlsMode.SMTP_STARTTLS;
            case 110 -> TlsMode.POP3_STLS;
            case 143 -> TlsMode.IMAP_STARTTLS;
            default -> TlsMode.IMPLICIT;
        };
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
