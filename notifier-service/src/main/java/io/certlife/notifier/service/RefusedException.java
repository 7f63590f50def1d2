package io.certlife.notifier.service;

/** A request the notifier refuses: {@code status} is the HTTP status (4xx), the message names the problem. */
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
