package io.certlife.renewal;

/**
 * A request this service refuses, with the kind of refusal and a message naming the problem in words a user can act on.
 * Services throw it; {@code rest/} maps each kind to an RFC 9457 problem.
 */
public class Refusal extends RuntimeException {

    /** Why the request was refused. */
    public enum Kind {
        /** The input is malformed or out of range. */
        INVALID,
        /** The caller may not do this, whatever its roles (a four-eyes rule). */
        FORBIDDEN,
        /** What the request names does not exist. */
        NOT_FOUND,
        /** The request contradicts the current state. */
        CONFLICT,
        /** The input is well-formed but cannot be accepted (a certificate that does not match its CSR). */
        UNPROCESSABLE,
        /** A dependency this service needs is missing or unreachable; the same request may succeed later. */
        UNAVAILABLE,
        /** The body is over a limit this service sets. */
        TOO_LARGE,
        /** A service this one called answered in a way it cannot use. */
        UPSTREAM_FAILED
    }

    private final Kind kind;

    public Refusal(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static Refusal invalid(String message) {
        return new Refusal(Kind.INVALID, message);
    }

    public static Refusal forbidden(String message) {
        return new Refusal(Kind.FORBIDDEN, message);
    }

    public static Refusal notFound(String message) {
        return new Refusal(Kind.NOT_FOUND, message);
    }

    public static Refusal conflict(String message) {
        return new Refusal(Kind.CONFLICT, message);
    }

    public static Refusal unprocessable(String message) {
        return new Refusal(Kind.UNPROCESSABLE, message);
    }

    public static Refusal tooLarge(String message) {
        return new Refusal(Kind.TOO_LARGE, message);
    }

    public static Refusal unavailable(String message) {
        return new Refusal(Kind.UNAVAILABLE, message);
    }

    public static Refusal upstreamFailed(String message) {
        return new Refusal(Kind.UPSTREAM_FAILED, message);
    }
}
