package io.certlife.notifier.service;

import io.certlife.events.ServerRole;
import io.certlife.events.Severity;
import io.certlife.notifier.Alert;
import io.certlife.notifier.AlertKind;
import io.certlife.notifier.ChannelType;
import io.certlife.notifier.Refusal;
import io.certlife.notifier.RoutingRule;
import io.certlife.notifier.config.NotifierConfig;
import io.certlife.notifier.policy.Routing;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** Routing rules: seeded from configuration at start, then created, changed and deleted over REST, always validated. */
@ApplicationScoped
public class RoutingRules {

    private static final Logger LOG = Logger.getLogger(RoutingRules.class);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** A rule as the API reads and writes it. */
    public record Spec(String name, List<String> eventTypes, String minSeverity, String site, String role, String owner,
                       String channel, List<String> recipients) {
    }

    @Inject
    NotifierConfig config;

    @Inject
    Clock clock;

    @Inject
    EntityManager entityManager;

    /**
     * Creates the configured rules that do not exist yet. Which exist is one SQL statement rather than a query per rule:
     * the first HQL query loads Hibernate's query parser (about 1,000 classes, measured with JFR), which every start
     * then waited for.
     */
    @Transactional
    void seed(@Observes StartupEvent startup) {
        if (config.rules().isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        Set<String> existing = Set.copyOf(entityManager.createNativeQuery("select name from {h-schema}routing_rule").getResultList());
        config.rules().forEach((name, rule) -> {
            if (!existing.contains(name)) {
                Spec spec = new Spec(name, rule.eventTypes().orElse(List.of()), rule.minSeverity(), rule.site().orElse(null),
                        rule.role().orElse(null), rule.owner().orElse(null), rule.channel().name(), rule.recipients());
                validate(spec);
                insert(spec);
                LOG.infof("Routing rule '%s' created from configuration", name);
            }
        });
    }

    @Transactional
    public RoutingRule create(Spec spec) {
        validate(spec);
        if (RoutingRule.count("name", spec.name()) > 0) {
            throw Refusal.conflict("a routing rule named '" + spec.name() + "' exists already");
        }
        return insert(spec);
    }

    /** A rule the caller has validated, whose name is free. */
    private RoutingRule insert(Spec spec) {
        RoutingRule rule = new RoutingRule();
        rule.id = UUID.randomUUID();
        rule.createdAt = clock.instant();
        apply(rule, spec);
        rule.persist();
        return rule;
    }

    @Transactional
    public RoutingRule update(UUID id, Spec spec) {
        validate(spec);
        RoutingRule rule = find(id);
        if (!rule.name.equals(spec.name()) && RoutingRule.count("name", spec.name()) > 0) {
            throw Refusal.conflict("a routing rule named '" + spec.name() + "' exists already");
        }
        apply(rule, spec);
        return rule;
    }

    @Transactional
    public void delete(UUID id) {
        find(id).delete();
    }

    public static RoutingRule find(UUID id) {
        RoutingRule rule = RoutingRule.findById(id);
        if (rule == null) {
            throw Refusal.notFound("no routing rule " + id);
        }
        return rule;
    }

    private void apply(RoutingRule rule, Spec spec) {
        rule.name = spec.name();
        rule.eventTypes = spec.eventTypes() == null ? List.of() : List.copyOf(spec.eventTypes());
        rule.minSeverity = spec.minSeverity() == null ? Alert.Severity.WARNING : Alert.Severity.valueOf(spec.minSeverity());
        rule.site = blankToNull(spec.site());
        rule.role = blankToNull(spec.role()) == null ? null : ServerRole.valueOf(spec.role());
        rule.owner = blankToNull(spec.owner());
        rule.channel = ChannelType.valueOf(spec.channel());
        rule.recipients = List.copyOf(spec.recipients());
        rule.updatedAt = clock.instant();
    }

    /** Names the first problem of a rule; a rule that could never deliver anything is refused. */
    void validate(Spec spec) {
        if (spec == null || spec.name() == null || spec.name().isBlank() || spec.name().length() > 100) {
            throw Refusal.invalid("name is required (at most 100 characters)");
        }
        for (String type : spec.eventTypes() == null ? List.<String>of() : spec.eventTypes()) {
            if (Arrays.stream(AlertKind.values()).noneMatch(k -> k.name().equals(type))) {
                throw Refusal.invalid("unknown event type '" + type + "' (one of " + Arrays.toString(AlertKind.values()) + ")");
            }
        }
        if (spec.minSeverity() != null && Arrays.stream(Alert.Severity.values()).noneMatch(s -> s.name().equals(spec.minSeverity()))) {
            throw Refusal.invalid("unknown minSeverity '" + spec.minSeverity() + "' (one of "
                    + Arrays.toString(Alert.Severity.values()) + ")");
        }
        if (spec.role() != null && !spec.role().isBlank()
                && Arrays.stream(ServerRole.values()).noneMatch(r -> r.name().equals(spec.role()))) {
            throw Refusal.invalid("unknown role '" + spec.role() + "' (one of " + Arrays.toString(ServerRole.values()) + ")");
        }
        if (spec.channel() == null || Arrays.stream(ChannelType.values()).noneMatch(c -> c.name().equals(spec.channel()))) {
            throw Refusal.invalid("channel must be one of " + Arrays.toString(ChannelType.values())
                    + (spec.channel() == null ? "" : ", not '" + spec.channel() + "'"));
        }
        ChannelType channel = ChannelType.valueOf(spec.channel());
        if (spec.recipients() == null || spec.recipients().isEmpty()) {
            throw Refusal.invalid("recipients must name at least one recipient (" + Deliveries.OWNER + " for the owning team)");
        }
        for (String recipient : spec.recipients()) {
            if (Deliveries.OWNER.equals(recipient)) {
                continue;
            }
            if (channel == ChannelType.EMAIL && (recipient == null || !EMAIL.matcher(recipient).matches())) {
                throw Refusal.invalid("'" + recipient + "' is not an email address");
            }
            if (channel != ChannelType.EMAIL) {
                NotifierConfig.Endpoint endpoint = config.endpoints().get(recipient);
                if (endpoint == null || endpoint.type() != channel) {
                    throw Refusal.invalid("no " + channel + " endpoint named '" + recipient + "' is configured"
                            + " (certlife.notifier.endpoints." + recipient + ".type=" + channel + ", .url=...)");
                }
                if (channel == ChannelType.WEBHOOK && endpoint.secret().isEmpty()) {
                    throw Refusal.invalid("webhook endpoint '" + recipient + "' has no secret to sign with");
                }
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
