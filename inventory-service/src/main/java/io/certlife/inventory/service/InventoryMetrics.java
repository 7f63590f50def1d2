package io.certlife.inventory.service;

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
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Prometheus gauges refreshed from the database: certificates by days-to-expiry bucket, open findings by
 * rule, and the earliest expiry of the slots closest to it (at most {@code certlife.metrics.slot-series}
 * series, so that label cardinality stays bounded however large the estate). Sweep and discovery durations
 * are timers recorded where they run.
 */
@ApplicationScoped
public class InventoryMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @ConfigProperty(name = "certlife.metrics.slot-series", defaultValue = "100")
    int slotSeries;

    private MultiGauge buckets;
    private MultiGauge findings;
    private MultiGauge slots;

    void register(@Observes StartupEvent startup) {
        buckets = MultiGauge.builder("certlife.certificates").description("Certificates in use by days to expiry")
                .register(registry);
        findings = MultiGauge.builder("certlife.findings.open").description("Open policy findings by rule").register(registry);
        slots = MultiGauge.builder("certlife.slot.expiry.days")
                .description("Days until the intended certificate of a slot expires (the slots closest to expiry)")
                .register(registry);
    }

    @Scheduled(every = "${certlife.metrics.refresh:30s}", delayed = "5s", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    @Transactional
    void refresh() {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        @SuppressWarnings("unchecked")
        List<Object[]> bucketRows = entityManager.createNativeQuery("""
                        select case when not_after <= cast(:now as timestamptz) then 'expired'
                                    when not_after <= cast(:now as timestamptz) + interval '7 days' then '0-7d'
                                    when not_after <= cast(:now as timestamptz) + interval '30 days' then '8-30d'
                                    when not_after <= cast(:now as timestamptz) + interval '60 days' then '31-60d'
                                    when not_after <= cast(:now as timestamptz) + interval '90 days' then '61-90d'
                                    else 'over-90d' end as bucket, count(*)
                        from {h-schema}certificate c
                        where not c.certificate_authority
                          and not exists (select 1 from {h-schema}certificate r where r.replaces_id = c.id)
                        group by 1""")
                .setParameter("now", now).getResultList();
        buckets.register(bucketRows.stream().map(r -> MultiGauge.Row.of(Tags.of("bucket", (String) r[0]),
                ((Number) r[1]).doubleValue())).toList(), true);
        @SuppressWarnings("unchecked")
        List<Object[]> findingRows = entityManager.createNativeQuery("""
                        select rule_id, count(*) from {h-schema}finding where resolved_at is null group by rule_id""")
                .getResultList();
        findings.register(findingRows.stream().map(r -> MultiGauge.Row.of(Tags.of("rule", (String) r[0]),
                ((Number) r[1]).doubleValue())).toList(), true);
        @SuppressWarnings("unchecked")
        List<Object[]> slotRows = entityManager.createNativeQuery("""
                        select s.server_fqdn, s.service, extract(epoch from c.not_after - cast(:now as timestamptz)) / 86400
                        from {h-schema}slot s join {h-schema}certificate c on c.id = s.certificate_id
                        where not s.retired order by c.not_after limit :limit""")
                .setParameter("now", now).setParameter("limit", slotSeries).getResultList();
        slots.register(slotRows.stream().map(r -> MultiGauge.Row.of(Tags.of("server", (String) r[0], "service", (String) r[1]),
                ((Number) r[2]).doubleValue())).toList(), true);
    }
}
