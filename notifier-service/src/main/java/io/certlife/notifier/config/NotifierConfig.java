package io.certlife.notifier.config;

import io.certlife.notifier.ChannelType;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The notifier's knobs ({@code certlife.notifier.*}). */
@ConfigMapping(prefix = "certlife.notifier")
public interface NotifierConfig {

    /** Chat and webhook endpoints by name; routing rules and teams name them, so URLs and secrets stay in configuration. */
    Map<String, Endpoint> endpoints();

    /** Routing rules by name, created at start when no rule of that name exists yet; REST edits them afterwards. */
    Map<String, Rule> rules();

    Delivery delivery();

    Grouping grouping();

    /** How long a policy finding's alert waits before it is sent; a finding resolved meanwhile sends nothing. */
    @WithDefault("2m")
    Duration findingGrace();

    Tasks tasks();

    /** A named chat or webhook endpoint. */
    interface Endpoint {
        /** SLACK, TEAMS or WEBHOOK: the format the endpoint receives. */
        ChannelType type();

        String url();

        /** The HMAC-SHA256 key a WEBHOOK endpoint verifies signatures with (required for WEBHOOK). */
        Optional<String> secret();
    }

    /** A routing rule as configuration declares it. */
    interface Rule {
        /** Alert kinds (CERTIFICATE_EXPIRING, RENEWAL_FAILED, ...); empty matches every kind. */
        Optional<List<String>> eventTypes();

        @WithDefault("WARNING")
        String minSeverity();

        Optional<String> site();

        Optional<String> role();

        Optional<String> owner();

        ChannelType channel();

        /** Addresses or endpoint names; {@code @owner} is the owning team's email or chat endpoint. */
        List<String> recipients();
    }

    /** The dispatcher and its retries. */
    interface Delivery {
        /** Whether this instance dispatches at all (off in tests that only look at the ledger). */
        @WithDefault("true")
        boolean enabled();

        /** First retry delay; each further retry doubles it, with +/-20% jitter, up to {@link #maxBackoff()}. */
        @WithDefault("30s")
        Duration initialBackoff();

        @WithDefault("1h")
        Duration maxBackoff();

        /** Attempts before a transient failure becomes permanent ({@code AttemptsExhausted}). */
        @WithDefault("10")
        int maxAttempts();

        /**
         * How long a claimed delivery stays with one dispatcher round before another may take it over; the round renews
         * it every third of it while its sends run, so a lease ends only when its holder stopped (a crash, a pause).
         */
        @WithDefault("2m")
        Duration lease();

        /** The longest wait a server's Retry-After (HTTP 429) may impose before the next attempt. */
        @WithDefault("1h")
        Duration maxRetryAfter();

        @WithDefault("200")
        int batchSize();

        /** Messages sent in parallel. */
        @WithDefault("8")
        int senders();

        /** How often the dispatcher looks for due deliveries when nothing woke it. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Connect timeout, and the bound on a whole chat or webhook call, its answer read included. */
        @WithDefault("10s")
        Duration httpTimeout();

        /** How long one email may take to send (connect, TLS, auth, transfer) before it counts as a transient failure. */
        @WithDefault("30s")
        Duration smtpTimeout();
    }

    /**
     * Alerts for one route (owner, channel, recipient) that become due together go out as one message, as Alertmanager
     * groups them: the first waits {@code group-wait} for others, later ones go as one follow-up at most every
     * {@code group-interval}, and a CRITICAL alert waits at most {@code critical-wait}.
     */
    interface Grouping {
        /** How long a group's first alert waits for others; 0 sends every alert on its own, at once. */
        @WithDefault("30s")
        Duration groupWait();

        /** The least time between two messages of one group. */
        @WithDefault("5m")
        Duration groupInterval();

        /** The most a CRITICAL alert waits (it takes its group's queued alerts with it). */
        @WithDefault("5s")
        Duration criticalWait();
    }

    /** Operator tasks and the PFX exports they ask renewal-service for. */
    interface Tasks {
        /** renewal-service's base URL (exports are created there). */
        @WithDefault("http://localhost:8082")
        String renewalUrl();

        /** notifier-service's own API token at renewal-service (a Secret): it holds the key-custodian role there. */
        Optional<String> renewalToken();

        /** The base URL in the download link the assignee receives (renewal-service as operators reach it). */
        Optional<String> renewalPublicUrl();

        /** inventory-service's base URL: a task marked done asks it to probe the task's slots now. */
        @WithDefault("http://localhost:8081")
        String inventoryUrl();

        /** notifier-service's own API token at inventory-service (a Secret): it holds the operator role there. */
        Optional<String> inventoryToken();

        /** A task is due this long before the old certificate expires. */
        @WithDefault("1d")
        Duration dueMargin();

        /** Due date when the old certificate's expiry is unknown. */
        @WithDefault("7d")
        Duration defaultDue();

        /** An overdue task alerts again after this long. */
        @WithDefault("1d")
        Duration overdueRealert();

        /** How often exports are requested and overdue tasks checked ({@code off} to disable). */
        @WithDefault("5s")
        String interval();
    }
}
