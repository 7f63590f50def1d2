package io.certlife.inventory.discovery;

import io.certlife.inventory.policy.PlanningRules;
import io.certlife.inventory.service.FindingsService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Fetches the HTTP CRL distribution points of the certificates the slots intend, records whether each answered, and
 * re-evaluates the findings of certificates whose CRL reachability changed.
 */
@ApplicationScoped
public class CrlChecks {

    @Inject
    CrlReachability crls;

    @Inject
    FindingsService findings;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    void run() {
        @SuppressWarnings("unchecked")
        List<String> urls = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                        select distinct unnest(c.crl_distribution_points) from {h-schema}certificate c
                        where exists (select 1 from {h-schema}slot s where not s.retired
                                      and (s.certificate_id = c.id or s.pending_certificate_id = c.id))""")
                .getResultList());
        // a URL too long to record is not fetched: the findings say so for its certificate, and the run goes on
        Map<String, CrlReachability.Check> checks = crls.check(urls.stream().filter(url -> url.length() <= PlanningRules.MAX_CRL_URL_LENGTH)
                .collect(Collectors.toSet()));
        if (checks.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            List<String> changed = new ArrayList<>();
            for (Map.Entry<String, CrlReachability.Check> check : checks.entrySet()) {
                int updated = entityManager.createNativeQuery("""
                                insert into {h-schema}crl_check (url, reachable, detail, checked_at)
                                values (:url, :reachable, :detail, :at)
                                on conflict (url) do update set detail = excluded.detail, checked_at = excluded.checked_at,
                                  reachable = excluded.reachable
                                where crl_check.reachable is distinct from excluded.reachable """)
                        .setParameter("url", check.getKey())
                        .setParameter("reachable", check.getValue().reachable())
                        .setParameter("detail", check.getValue().detail())
                        .setParameter("at", OffsetDateTime.now(clock))
                        .executeUpdate();
                if (updated > 0) {
                    changed.add(check.getKey());
                }
            }
            if (!changed.isEmpty()) {
                @SuppressWarnings("unchecked")
                List<UUID> affected = entityManager.createNativeQuery(
                                "select id from {h-schema}certificate where crl_distribution_points && cast(:urls as text[])",
                                UUID.class)
                        .setParameter("urls", changed.toArray(new String[0]))
                        .getResultList();
                findings.evaluate(affected, List.of());
            }
        });
    }
}
