package io.certlife.notifier.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The dispatcher's lanes in readiness details: each channel's last failed round (its error) and last good one. A
 * failing lane does not make the service unready (the database and delivery checks say whether it can work; an
 * endpoint's outage is retried per delivery), but it is no longer silent; {@code certlife_notifier_dispatch_failures}
 * counts the failed rounds.
 */
@Readiness
@ApplicationScoped
public class DispatcherHealthCheck implements HealthCheck {

    @Inject
    Dispatcher dispatcher;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("certlife dispatcher").up();
        dispatcher.lanes().forEach((channel, state) -> {
            if (state.lastError() != null) {
                response.withData(channel + " error", state.lastError());
            }
            if (state.lastRound() != null) {
                response.withData(channel + " lastRound", state.lastRound().toString());
            }
        });
        return response.build();
    }
}
