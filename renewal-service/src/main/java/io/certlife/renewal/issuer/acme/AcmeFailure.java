package io.certlife.renewal.issuer.acme;

import java.time.Instant;

/**
 * Why an ACME step did not succeed, as the renewal records it: a stable reason, the CA's own words, whether it is
 * final, and the earliest time the CA allows another try (its Retry-After), if it said one.
 */
public class AcmeFailure extends Exception {

    public static final String RATE_LIMITED = "AcmeRateLimited";
    public static final String CHALLENGE_INVALID = "AcmeChallengeInvalid";
    public static final String ORDER_INVALID = "AcmeOrderInvalid";
    public static final String ORDER_EXPIRED = "AcmeOrderExpired";
    public static final String REFUSED = "AcmeRefused";
    public static final String UNAVAILABLE = "AcmeUnavailable";
    public static final String DNS_RECORD_NOT_VISIBLE = "DnsRecordNotVisible";
    public static final String DNS_UPDATE_FAILED = "DnsUpdateFailed";
    public static final String OUTBOUND_REFUSED = "OutboundRefused";
    public static final String UNTRUSTED_CERTIFICATE = "AcmeUntrustedCertificate";

    private final String reason;
    private final boolean terminal;
    private final Instant retryAfter;

    public AcmeFailure(String reason, String message, boolean terminal, Instant retryAfter) {
        super(message);
        this.reason = reason;
        this.terminal = terminal;
        this.retryAfter = retryAfter;
    }

    public static AcmeFailure passing(String reason, String message) {
        return new AcmeFailure(reason, message, false, null);
    }

    public String reason() {
        return reason;
    }

    public boolean terminal() {
        return terminal;
    }

    /** The CA's Retry-After, or null. */
    public Instant retryAfter() {
        return retryAfter;
    }
}
