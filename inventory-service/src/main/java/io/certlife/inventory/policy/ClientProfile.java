package io.certlife.inventory.policy;

/**
 * The clients that connect to a namespace, with what they cannot handle. Compatibility comes from these
 * profiles, not from one global policy.
 */
public enum ClientProfile {
    OUTLOOK(true, true),
    OWA_BROWSER(true, true),
    ACTIVESYNC_WINDOWS_MOBILE_5(false, true),
    ACTIVESYNC_WINDOWS_MOBILE_6(false, false),
    ACTIVESYNC_MODERN(true, true),
    POP_IMAP_CLIENT(false, true),
    PARTNER_MTA(true, true);

    private final boolean acceptsWildcard;
    private final boolean acceptsSha512Chain;

    ClientProfile(boolean acceptsWildcard, boolean acceptsSha512Chain) {
        this.acceptsWildcard = acceptsWildcard;
        this.acceptsSha512Chain = acceptsSha512Chain;
    }

    /** Windows Mobile 5/6 and POP/IMAP clients (KB948896) cannot use a wildcard name. */
    public boolean acceptsWildcard() {
        return acceptsWildcard;
    }

    /** Windows Mobile 6 fails when the chain is signed with SHA-512. */
    public boolean acceptsSha512Chain() {
        return acceptsSha512Chain;
    }
}
