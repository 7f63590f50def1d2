package io.certlife.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the outbox relay reaches the broker; reports the backlog of unsent events. */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxConfig config;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("certlife outbox relay");
        if (!config.enabled()) {
            return response.up().withData("enabled", false).build();
        }
        String error = relay.lastError();
        response.withData("backlog", relay.backlog());
        if (relay.lastSuccess() != null) {
            response.withData("lastSuccess", relay.lastSuccess().toString());
        }
        return error == null ? response.up().build() : response.down().withData("error", error).build();
    }
}
