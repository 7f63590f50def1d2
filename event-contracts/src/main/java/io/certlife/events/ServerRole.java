package io.certlife.events;

/**
 * The server roles of an Exchange-style estate and their catalogue: what certificate each role needs, whether setup
 * makes a self-signed one, and which issuer is recommended. This enum is the one place that holds the table
 * (docs/domain.md); every service names roles with it.
 * The seed table says "No" for self-signed at install on Edge and Hub; Microsoft's documentation and the
 * second seed say every role but Mailbox gets one, and that is what is recorded here.
 */
public enum ServerRole {
    EDGE_TRANSPORT(CertificateNeed.MTLS, true, RecommendedIssuer.PUBLIC,
            "SMTP with partners, EdgeSync LDAP to Active Directory"),
    HUB_TRANSPORT(CertificateNeed.MTLS, true, RecommendedIssuer.PRIVATE,
            "SMTP between Hubs and to Edge; TLS between sites is mandatory"),
    CLIENT_ACCESS(CertificateNeed.TLS_AND_MTLS, true, RecommendedIssuer.PRIVATE,
            "OWA, Outlook Anywhere, ActiveSync, Autodiscover, POP3, IMAP4"),
    UNIFIED_MESSAGING(CertificateNeed.MTLS, true, RecommendedIssuer.PRIVATE,
            "SIP/RTP to IP gateways, PBX and OCS; SMTP to Hub"),
    MAILBOX(CertificateNeed.NONE, false, RecommendedIssuer.NOT_APPLICABLE, "none: encrypted RPC"),
    ISA(CertificateNeed.TLS, false, RecommendedIssuer.PUBLIC,
            "web listeners; needs a copy of the CAS certificate with its private key (PFX)");

    /** What kind of TLS a role takes part in. */
    public enum CertificateNeed { NONE, TLS, MTLS, TLS_AND_MTLS }

    /** Which kind of CA should issue the role's certificate. */
    public enum RecommendedIssuer { PUBLIC, PRIVATE, NOT_APPLICABLE }

    private final CertificateNeed need;
    private final boolean selfSignedAtInstall;
    private final RecommendedIssuer issuer;
    private final String usedFor;

    ServerRole(CertificateNeed need, boolean selfSignedAtInstall, RecommendedIssuer issuer, String usedFor) {
        this.need = need;
        this.selfSignedAtInstall = selfSignedAtInstall;
        this.issuer = issuer;
        this.usedFor = usedFor;
    }

    public CertificateNeed need() {
        return need;
    }

    public boolean selfSignedAtInstall() {
        return selfSignedAtInstall;
    }

    public String usedFor() {
        return usedFor;
    }

    /**
     * The recommended issuer on a given server: a Client Access server that clients reach directly from
     * the internet needs a public CA's certificate.
     */
    public RecommendedIssuer recommendedIssuer(boolean internetFacing) {
        return this == CLIENT_ACCESS && internetFacing ? RecommendedIssuer.PUBLIC : issuer;
    }

    /** Whether the role needs a client-authentication EKU too (mutual TLS). */
    public boolean mutualTls() {
        return need == CertificateNeed.MTLS || need == CertificateNeed.TLS_AND_MTLS;
    }
}
