package io.certlife.inventory.estate;

/** A request the estate cannot accept, with the HTTP status that says why and a message naming the problem. */
public class EstateException extends RuntimeException {

    /** Why the request was refused. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT }

    private final Kind kind;

    public EstateException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static EstateException invalid(String message) {
        return new EstateException(Kind.INVALID, message);
    }

    static EstateException notFound(String message) {
        return new EstateException(Kind.NOT_FOUND, message);
    }

    static EstateException conflict(String message) {
        return new EstateException(Kind.CONFLICT, message);
    }
}
