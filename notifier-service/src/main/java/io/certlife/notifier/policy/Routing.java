package io.certlife.notifier.policy;

import io.certlife.events.ServerRole;
import io.certlife.events.Severity;
import io.certlife.notifier.Alert;
import io.certlife.notifier.RoutingRule;
import java.util.List;

/** Whether a routing rule takes an alert. Pure. */
public final class Routing {

    /** What rules look at: the alert's kind and severity, and its server's site, roles and owner. */
    public record Subject(String kind, Alert.Severity severity, String site, List<ServerRole> roles, String owner) {
    }

    private Routing() {
    }

    public static boolean matches(RoutingRule rule, Subject subject) {
        return (rule.eventTypes.isEmpty() || rule.eventTypes.contains(subject.kind()))
                && subject.severity().compareTo(rule.minSeverity) >= 0
                && (rule.site == null || rule.site.equalsIgnoreCase(subject.site()))
                && (rule.role == null || subject.roles().contains(rule.role))
                && (rule.owner == null || rule.owner.equalsIgnoreCase(subject.owner()));
    }
}
