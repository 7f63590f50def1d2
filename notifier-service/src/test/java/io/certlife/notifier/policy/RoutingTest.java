package io.certlife.notifier.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.events.ServerRole;
import io.certlife.events.Severity;
import io.certlife.notifier.Alert;
import io.certlife.notifier.RoutingRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTest {

    private static final Routing.Subject CAS_WARNING = new Routing.Subject("CERTIFICATE_EXPIRING", Alert.Severity.WARNING,
            "Berlin", List.of(ServerRole.CLIENT_ACCESS, ServerRole.HUB_TRANSPORT), "messaging");

    @Test
    void anEmptyRuleTakesEverythingFromItsSeverityUp() {
        assertThat(Routing.matches(rule(List.of(), Alert.Severity.WARNING, null, null, null), CAS_WARNING)).isTrue();
        assertThat(Routing.matches(rule(List.of(), Alert.Severity.CRITICAL, null, null, null), CAS_WARNING)).isFalse();
    }

    @Test
    void kindsSitesRolesAndOwnersNarrowARule() {
        assertThat(Routing.matches(rule(List.of("RENEWAL_FAILED"), Alert.Severity.INFO, null, null, null), CAS_WARNING)).isFalse();
        assertThat(Routing.matches(rule(List.of("CERTIFICATE_EXPIRING"), Alert.Severity.INFO, "berlin", null, null), CAS_WARNING)).isTrue();
        assertThat(Routing.matches(rule(List.of(), Alert.Severity.INFO, "Tokyo", null, null), CAS_WARNING)).isFalse();
        assertThat(Routing.matches(rule(List.of(), Alert.Severity.INFO, null, ServerRole.HUB_TRANSPORT, null), CAS_WARNING)).isTrue();
        assertThat(Routing.matches(rule(List.of(), Alert.Severity.INFO, null, ServerRole.EDGE_TRANSPORT, null), CAS_WARNING)).isFalse();
        assertThat(Routing.matches(rule(List.of(), Alert.Severity.INFO, null, null, "network"), CAS_WARNING)).isFalse();
        assertThat(Routing.matches(rule(List.of(), Alert.Severity.INFO, null, null, "Messaging"), CAS_WARNING)).isTrue();
    }

    private static RoutingRule rule(List<String> kinds, Alert.Severity min, String site, ServerRole role, String owner) {
        RoutingRule rule = new RoutingRule();
        rule.eventTypes = kinds;
        rule.minSeverity = min;
        rule.site = site;
        rule.role = role;
        rule.owner = owner;
        return rule;
    }
}
