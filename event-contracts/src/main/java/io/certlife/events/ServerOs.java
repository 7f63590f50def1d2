package io.certlife.events;

/** The operating system of a server, as far as certificates care: ECDSA support and the PFX profile it imports. */
public enum ServerOs {
    WINDOWS_SERVER_2003(false, PfxProfile.LEGACY),
    WINDOWS_SERVER_2008(true, PfxProfile.LEGACY),
    WINDOWS_SERVER_2012(true, PfxProfile.LEGACY),
    WINDOWS_SERVER_2016(true, PfxProfile.LEGACY),
    WINDOWS_SERVER_2019(true, PfxProfile.MODERN),
    WINDOWS_SERVER_2022(true, PfxProfile.MODERN),
    WINDOWS_SERVER_2025(true, PfxProfile.MODERN),
    OTHER(true, PfxProfile.MODERN);

    /** PKCS#12 encryption a target can import: LEGACY (3DES, SHA-1 MAC) or MODERN (AES-256, PBKDF2, SHA-256 MAC). */
    public enum PfxProfile { LEGACY, MODERN }

    private final boolean supportsEcdsa;
    private final PfxProfile pfxProfile;

    ServerOs(boolean supportsEcdsa, PfxProfile pfxProfile) {
        this.supportsEcdsa = supportsEcdsa;
        this.pfxProfile = pfxProfile;
    }

    /** Windows Server 2003 (and so ISA 2006) cannot use ECDSA keys. */
    public boolean supportsEcdsa() {
        return supportsEcdsa;
    }

    public PfxProfile pfxProfile() {
        return pfxProfile;
    }
}
