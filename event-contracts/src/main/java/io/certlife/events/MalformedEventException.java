package io.certlife.events;

/**
 * A record that is not a certlife event this version understands. {@link #reason()} is a stable
 * machine reason; the message names the problem for a person reading the dead-letter topic.
 */
public class MalformedEventException extends RuntimeException {

    public static final String INVALID_JSON = "InvalidJson";
    public static final String MISSING_ATTRIBUTE = "MissingAttribute";
    public static final String UNSUPPORTED_SPEC_VERSION = "UnsupportedSpecVersion";
    public static final String UNKNOWN_EVENT_TYPE = "UnknownEventType";
    public static final String INVALID_DATA = "InvalidData";

    private final String reason;

    public MalformedEventException(String reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
