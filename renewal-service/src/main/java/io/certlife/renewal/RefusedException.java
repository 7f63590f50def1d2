package io.certlife.renewal;

/** A request that cannot be served, with the HTTP status that says why. */
public class RefusedException extends RuntimeException {

    private final int status;

    public RefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
