package io.certlife.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness as far as delivery goes: "can I do my job". The outbox exists to absorb a broker outage, so a relay that
 * cannot reach Kafka makes the service unready only once the backlog of unsent events passes
 * {@code certlife.outbox.unready-backlog}; until then it is ready, and the details say what fails. Open dead letters are
 * reported per source topic and never make it unready.
 */
@Readiness
@ApplicationScoped
public class DeliveryHealthCheck implements HealthCheck {

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxConfig config;

    @Inject
    DeadLetters deadLetters;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("certlife delivery").up();
        deadLetters.open().forEach((topic, count) -> response.withData("deadLetters " + topic, count));
        if (!config.enabled()) {
            return response.withData("relay", "disabled").build();
        }
        long backlog = relay.backlog();
        response.withData("backlog", backlog);
        if (relay.lastSuccess() != null) {
            response.withData("lastSuccess", relay.lastSuccess().toString());
        }
        String error = relay.lastError();
        if (error != null) {
            response.withData("relayError", error);
            if (backlog >= config.unreadyBacklog()) {
                response.down().withData("reason", "the broker has not taken " + backlog + " events (unready from "
                        + config.unreadyBacklog() + ")");
            }
        }
        return response.build();
    }
}
