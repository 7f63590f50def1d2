package io.certlife.notifier.channel;

import java.time.Duration;
import java.util.Optional;

/**
 * A message did not arrive. Transient failures (SMTP 4xx, HTTP 5xx and 429, timeouts, refused connections)
 * are retried with backoff; permanent ones (SMTP 5xx, other HTTP 4xx, an unknown endpoint) are not.
 * {@code reason} is a stable CamelCase constant from {@link Reason}.
 */
public class DeliveryFailure extends Exception {

    /** Machine reasons, in one place. */
    public static final class Reason {
        public static final String SMTP_TRANSIENT = "SmtpTransient";
        public static final String SMTP_PERMANENT = "SmtpPermanent";
        public static final String HTTP_TRANSIENT = "HttpTransient";
        public static final String HTTP_PERMANENT = "HttpPermanent";
        public static final String RATE_LIMITED = "RateLimited";
        public static final String UNREACHABLE = "Unreachable";
        public static final String UNKNOWN_ENDPOINT = "UnknownEndpoint";
        /** The outbound guard refused the endpoint's address (a configuration to fix, not an outage). */
        public static final String DESTINATION_REFUSED = "DestinationRefused";
        public static final String ATTEMPTS_EXHAUSTED = "AttemptsExhausted";

        private Reason() {
        }
    }

    private final String reason;
    private final boolean transientFailure;
    private final Duration retryAfter;

    public DeliveryFailure(String reason, boolean transientFailure, Duration retryAfter, String message) {
        super(message);
        this.reason = reason;
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter;
    }

    public static DeliveryFailure permanent(String reason, String message) {
        return new DeliveryFailure(reason, false, null, message);
    }

    public static DeliveryFailure retry(String reason, String message) {
        return new DeliveryFailure(reason, true, null, message);
    }

    public String reason() {
        return reason;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** What the server asked for (HTTP Retry-After), if anything. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
