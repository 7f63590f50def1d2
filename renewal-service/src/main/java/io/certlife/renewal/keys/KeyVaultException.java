package io.certlife.renewal.keys;

/** A private-key operation refused or failed; the message never contains key material. */
public class KeyVaultException extends RuntimeException {
    public KeyVaultException(String message) {
        super(message);
    }
}
