package io.certlife.renewal.keys;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready without a usable key-encryption key: renewal cannot make keys, so it should not take work. */
@Readiness
@ApplicationScoped
public class KeyVaultHealthCheck implements HealthCheck {

    @Inject
    KeyVault vault;

    @Override
    public HealthCheckResponse call() {
        return vault.unavailableReason()
                .map(reason -> HealthCheckResponse.named("certlife key vault").down().withData("reason", reason).build())
                .orElseGet(() -> HealthCheckResponse.named("certlife key vault").up().withData("kekId", vault.currentKekId())
                        .build());
    }
}
