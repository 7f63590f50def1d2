package io.certlife.renewal.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renewal policy ({@code certlife.renewal.*}): approval, validity, retries and stall limits. */
@ConfigMapping(prefix = "certlife.renewal")
public interface RenewalConfig {

    /**
     * The issuers asked, in this order, whether they renew a due certificate; the first that does takes the renewal.
     * SELF_SIGNED takes self-signed certificates, INTERNAL_CA those its CA issued, ACME those whose every name lies in a
     * zone of {@code certlife.acme.zones} (when a directory is configured), CSR any other (so it comes last).
     */
    @WithDefault("SELF_SIGNED,INTERNAL_CA,ACME,CSR")
    List<String> issuers();

    /** Which plans start without a person: ALWAYS, WITHOUT_WARNINGS (no drift item changes names or key type), or NEVER. */
    @WithDefault("WITHOUT_WARNINGS")
    AutoApprove autoApprove();

    /**
     * Who may approve a plan that waits for a person: FOUR_EYES (an approver other than the identity that asked for
     * the renewal now) or ANY_APPROVER (for a one-person lab).
     */
    @WithDefault("FOUR_EYES")
    Approval approval();

    /** How long a self-signed replacement is valid unless aligned to a date (Exchange's own: one year). */
    @WithDefault("365d")
    Duration selfSignedValidity();

    /** The longest validity any self-signed or internal-CA replacement gets, also when aligned to a later date. */
    @WithDefault("730d")
    Duration maxValidity();

    /** Where self-signed and internal-CA replacements end by default (so they renew with the external ones); per request otherwise. */
    Optional<java.time.Instant> alignTo();

    /** First retry delay after a transient failure; each further one doubles it, up to {@link #maxBackoff()}. */
    @WithDefault("1h")
    Duration initialBackoff();

    @WithDefault("24h")
    Duration maxBackoff();

    /** The wait before attempt {@code attempt + 1} after {@code attempt} failures: 1 h x 2^(attempt-1) by default, capped. */
    default Duration backoff(int attempt) {
        Duration delay = initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        return delay.compareTo(maxBackoff()) > 0 ? maxBackoff() : delay;
    }

    /** How often due retries and stalls are looked for ({@code off} to disable). */
    @WithDefault("1m")
    String checkInterval();

    /** A renewal waiting this long for approval is stalled. */
    @WithDefault("2d")
    Duration stallPendingApproval();

    /** A planned (approved, not yet issued) renewal this old is stalled. */
    @WithDefault("1d")
    Duration stallPlanned();

    /** A CSR waiting this long for the CA's certificate is stalled. */
    @WithDefault("7d")
    Duration stallAwaitingCertificate();

    /** inventory-service's base URL: "renew now" for a certificate without a renewal asks it to make the certificate due. */
    @WithDefault("http://localhost:8081")
    String inventoryUrl();

    /** renewal-service's own API token at inventory-service (a Secret): it holds the operator role there, no more. */
    Optional<String> inventoryToken();

    /**
     * The names each issuer may issue for, by issuer name: {@code certlife.renewal.issuer-names.INTERNAL_CA.dns-suffixes=
     * contoso.com,contoso.local} and {@code .ip-ranges=10.0.0.0/8}. A plan naming anything else is blocked. An issuer
     * not listed is not restricted.
     */
    Map<String, IssuerNames> issuerNames();

    /** One issuer's allowed names. */
    interface IssuerNames {

        /** DNS suffixes: a name equal to one or under it (a wildcard's base counts). */
        Optional<List<String>> dnsSuffixes();

        /** IP ranges in CIDR notation. */
        Optional<List<String>> ipRanges();
    }

    /** Approval policies. */
    enum AutoApprove { ALWAYS, WITHOUT_WARNINGS, NEVER }

    /** Who may approve. */
    enum Approval { FOUR_EYES, ANY_APPROVER }
}
