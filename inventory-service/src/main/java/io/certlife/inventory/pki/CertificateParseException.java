package io.certlife.inventory.pki;

/** Input that is not a certificate this service can read; the message names the problem for the user. */
public class CertificateParseException extends RuntimeException {
    public CertificateParseException(String message) {
        super(message);
    }

    public CertificateParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
