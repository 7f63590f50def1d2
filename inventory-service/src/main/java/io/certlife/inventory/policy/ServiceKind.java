package io.certlife.inventory.policy;

/**
 * A service a certificate can be enabled for, with how discovery reaches it. Enabling is additive: a
 * certificate's services only grow. IIS takes exactly one certificate per server.
 */
public enum ServiceKind {
    IIS(443, TlsMode.IMPLICIT),
    SMTP(25, TlsMode.SMTP_STARTTLS),
    POP(110, TlsMode.POP3_STLS),
    IMAP(143, TlsMode.IMAP_STARTTLS),
    UM(5061, TlsMode.IMPLICIT),
    UM_CALL_ROUTER(5061, TlsMode.IMPLICIT),
    ISA_LISTENER(443, TlsMode.IMPLICIT);

    /** How a TLS session is started on a port. */
    public enum TlsMode { IMPLICIT, SMTP_STARTTLS, POP3_STLS, IMAP_STARTTLS }

    private final int port;
    private final TlsMode tlsMode;

    ServiceKind(int port, TlsMode tlsMode) {
        this.port = port;
        this.tlsMode = tlsMode;
    }

    /** The port discovery probes for this service on a server. */
    public int port() {
        return port;
    }

    public TlsMode tlsMode() {
        return tlsMode;
    }

    /** Whether the service is mail retrieval, where wildcard certificates are not supported (KB948896). */
    public boolean mailRetrieval() {
        return this == POP || this == IMAP;
    }
}
