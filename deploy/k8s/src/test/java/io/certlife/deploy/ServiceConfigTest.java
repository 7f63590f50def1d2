package io.certlife.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The configuration-key check accepts what the packaged services read and nothing else. */
class ServiceConfigTest {

    @Test
    void acceptsRunTimeKeysOfTheServiceAndRejectsTyposBuildTimeKeysAndOtherServicesKeys() {
        ServiceConfig notifier = ServiceConfig.of("notifier-service");
        ServiceConfig inventory = ServiceConfig.of("inventory-service");

        assertThat(notifier.accepts("QUARKUS_MAILER_HOST")).as("extension key").isTrue();
        assertThat(inventory.accepts("QUARKUS_MAILER_HOST")).as("inventory has no mailer").isFalse();
        assertThat(notifier.accepts("QUARKUS_DATASOURCE_PASSWORD")).isTrue();
        assertThat(notifier.accepts("QUARKUS_DATASOURCE_REPORTING_PASSWORD")).as("named datasource").isTrue();
        assertThat(notifier.accepts("QUARKUS_DATASOURCE_DB_KIND")).as("build-time key").isFalse();
        assertThat(notifier.accepts("CERTLIFE_NOTIFIER_ENDPOINTS_OPS_CHAT_URL")).as("map of groups").isTrue();
        assertThat(notifier.accepts("CERTLIFE_NOTIFIER_ENDPOINT_OPS_CHAT_URL")).as("typo").isFalse();
        assertThat(notifier.accepts("CERTLIFE_NOTIFIER_TASKS_RENEWAL_URL")).as("nested group").isTrue();
        assertThat(inventory.accepts("CERTLIFE_EXPIRY_LADDER_DAYS")).isTrue();
        assertThat(inventory.accepts("CERTLIFE_METRICS_SLOT_SERIES")).as("@ConfigProperty").isTrue();
        assertThat(inventory.accepts("CERTLIFE_OUTBOX_BATCH_SIZE")).as("shared module's mapping").isTrue();
        assertThat(inventory.accepts("CERTLIFE_KEYS_KEK")).as("renewal's key").isFalse();
        assertThat(inventory.accepts("KAFKA_SASL_JAAS_CONFIG")).as("Kafka client setting").isTrue();
        assertThat(inventory.accepts("KAFKA_SASL_JAAS_CONFIGURATION")).as("not a Kafka client setting").isFalse();
    }
}
