package io.certlife.renewal.service;

import io.certlife.renewal.Renewal;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Prometheus gauge {@code certlife_renewals{state}} refreshed from the database, every state present (0 when none). */
@ApplicationScoped
public class RenewalMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    EntityManager entityManager;

    private MultiGauge renewals;

    void register(@Observes StartupEvent startup) {
        renewals = MultiGauge.builder("certlife.renewals").description("Renewals by state").register(registry);
    }

    @Scheduled(every = "${certlife.metrics.refresh:30s}", delayed = "5s", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    void refresh() {
        List<Object[]> rows = entityManager
                .createQuery("select r.state, count(r) from Renewal r group by r.state", Object[].class).getResultList();
        Map<Renewal.State, Long> counts = rows.stream()
                .collect(Collectors.toMap(r -> (Renewal.State) r[0], r -> (Long) r[1]));
        renewals.register(Arrays.stream(Renewal.State.values())
                .map(s -> MultiGauge.Row.of(Tags.of("state", s.name()), counts.getOrDefault(s, 0L).doubleValue()))
                .toList(), true);
    }
}
