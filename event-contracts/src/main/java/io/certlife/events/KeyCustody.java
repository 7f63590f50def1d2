package io.certlife.events;

/**
 * Where a renewal's new key is made. CENTRAL: certlife makes it, keeps it sealed and delivers it once, as a PFX, to the
 * task of the server that uses it. ON_SERVER: the server makes it ({@code New-ExchangeCertificate -GenerateRequest})
 * and sends certlife only its CSR; the key never leaves the server.
 */
public enum KeyCustody {
    CENTRAL, ON_SERVER
}
