package io.certlife.renewal.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ACME issuer ({@code certlife.acme.*}): one CA directory, its account, and the DNS zones whose names it may
 * prove (dns-01). Without a directory the ACME issuer renews nothing.
 */
@ConfigMapping(prefix = "certlife.acme")
public interface AcmeConfig {

    /** The CA's ACME directory URL (Let's Encrypt: https://acme-v02.api.letsencrypt.org/directory). */
    Optional<URI> directory();

    /** The account's contact (mailto:pki@contoso.com), told to the CA when the account is made. */
    Optional<String> contact();

    /** The CA's terms of service, read and accepted by whoever deploys certlife; no account is made without it. */
    @WithDefault("false")
    boolean termsOfServiceAgreed();

    /** External account binding (commercial ACME CAs): the key id the CA gave. */
    Optional<String> eabKeyId();

    /** External account binding: the HMAC key the CA gave (base64url), from a Secret. */
    Optional<String> eabHmacKey();

    /** CA certificates (PEM file) trusted for the directory's HTTPS besides the JDK's: a private ACME server's. */
    Optional<Path> tlsTrust();

    /** How often orders in progress are advanced ({@code off} to disable: tests advance them themselves). */
    @WithDefault("5s")
    String pollInterval();

    /** How long a replica holds an order it is advancing before another may take it (a replica that died). */
    @WithDefault("2m")
    Duration lease();

    /** The DNS zones whose names certlife proves, by any id: {@code certlife.acme.zones.<id>.domain=contoso.com}. */
    Map<String, Zone> zones();

    /** How a zone's {@code _acme-challenge} TXT records are made. */
    enum Solver {
        /** certlife writes them itself: RFC 2136 dynamic update signed with TSIG. */
        RFC2136,
        /** An operator creates them (a task names each record); certlife checks them before the CA does. */
        MANUAL
    }

    interface Zone {

        /** The zone's apex, e.g. {@code contoso.com}: it covers the names under it. */
        String domain();

        Solver solver();

        /** The zone's authoritative servers (host or host:port): each must answer with the value before the CA is asked to look. */
        List<String> authoritative();

        /** How long a record may take to be visible on every authoritative server (default 10m; MANUAL: 2d). */
        Optional<Duration> propagationTimeout();

        /** RFC2136: the primary server that takes updates (host or host:port; default the first authoritative server). */
        Optional<String> updateServer();

        /** RFC2136: the TSIG key's name. */
        Optional<String> tsigKeyName();

        /** RFC2136: the TSIG algorithm (hmac-sha256, hmac-sha512, ...). */
        @WithDefault("hmac-sha256")
        String tsigAlgorithm();

        /** RFC2136: the TSIG secret, base64, from a Secret. */
        Optional<String> tsigSecret();
    }
}
