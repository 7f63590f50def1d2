package io.certlife.cli;

/** A request that did not succeed, with the exit code it maps to (see {@link Certlife}). */
final class ApiException extends RuntimeException {

    /** The request was refused: bad input, a conflict (the service's detail says why). */
    static final int REFUSED = 1;
    /** The command line itself is wrong (picocli's own code for usage errors). */
    static final int USER_ERROR = 2;
    /** What was asked for does not exist. */
    static final int NOT_FOUND = 3;
    /** The service could not be reached or failed. */
    static final int UNAVAILABLE = 4;

    final int exitCode;

    ApiException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
