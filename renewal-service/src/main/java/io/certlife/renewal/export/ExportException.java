package io.certlife.renewal.export;

/** An export request that cannot be served, with the HTTP status that says why. */
public class ExportException extends RuntimeException {

    private final int status;

    public ExportException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
