package io.certlife.events;

/**
 * A service a certificate can be enabled for (the service of a slot), with how discovery reaches it and whether its
 * certificate also authenticates as a client. Enabling is additive: a certificate's services only grow. IIS takes
 * exactly one certificate per server.
 */
public enum ServiceKind {
    IIS(443, TlsMode.IMPLICIT, false),
    SMTP(25, TlsMode.SMTP_STARTTLS, true),
    POP(110, TlsMode.POP3_STLS, false),
    IMAP(143, TlsMode.IMAP_STARTTLS, false),
    UM(5061, TlsMode.IMPLICIT, true),
    UM_CALL_ROUTER(5061, TlsMode.IMPLICIT, true),
    ISA_LISTENER(443, TlsMode.IMPLICIT, false);

    /** How a TLS session is started on a port. */
    public enum TlsMode { IMPLICIT, SMTP_STARTTLS, POP3_STLS, IMAP_STARTTLS }

    private final int port;
    private final TlsMode tlsMode;
    private final boolean clientAuthentication;

    ServiceKind(int port, TlsMode tlsMode, boolean clientAuthentication) {
        this.port = port;
        this.tlsMode = tlsMode;
        this.clientAuthentication = clientAuthentication;
    }

    /** The port discovery probes for this service on a server. */
    public int port() {
        return port;
    }

    public TlsMode tlsMode() {
        return tlsMode;
    }

    /** Whether the service's certificate also authenticates as a client (SMTP between servers, UM to gateways). */
    public boolean clientAuthentication() {
        return clientAuthentication;
    }

    /** Whether the service is mail retrieval, where wildcard certificates are not supported (KB948896). */
    public boolean mailRetrieval() {
        return this == POP || this == IMAP;
    }
}
