package io.certlife.inventory.service;

import io.certlife.inventory.LastRun;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * When the expiry sweep and the slots' discovery last finished, on any replica, and what they did: so a person told
 * "All clear" can see that certlife looked, and when.
 */
@ApplicationScoped
public class LastRuns {

    public static final String EXPIRY_SWEEP = "expiry-sweep";
    public static final String DISCOVERY = "discovery";

    /** One kind of run, last finished at {@code finishedAt}. */
    public record Run(String kind, Instant finishedAt, String summary) {
    }

    @Inject
    EntityManager entityManager;

    /** Records a finished run in a transaction of its own (an upsert: replicas may finish at once). */
    public void record(String kind, Instant finishedAt, String summary) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        insert into {h-schema}last_run (kind, finished_at, summary) values (?1, ?2, ?3)
                        on conflict (kind) do update set finished_at = excluded.finished_at, summary = excluded.summary
                        where {h-schema}last_run.finished_at <= excluded.finished_at""")
                .setParameter(1, kind).setParameter(2, finishedAt.atOffset(ZoneOffset.UTC)).setParameter(3, summary)
                .executeUpdate());
    }

    /** Every kind that has run, by kind. */
    public List<Run> all() {
        return LastRun.<LastRun>listAll(Sort.by("kind")).stream().map(run -> new Run(run.kind, run.finishedAt, run.summary))
                .toList();
    }
}
