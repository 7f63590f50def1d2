package io.certlife.renewal.pki;

/** A certificate, key or CSR operation that failed; wraps the checked JCA and Bouncy Castle exceptions. */
public class PkiException extends RuntimeException {
    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
