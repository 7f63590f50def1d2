package io.certlife.inventory.service;

import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The durable record of lifecycle notices (renewal due, each expiry threshold, expired) and the facts the
 * notices carry, read for a whole page of certificates in one statement each.
 */
@ApplicationScoped
class LifecycleNotices {

    @Inject
    EntityManager entityManager;

    /**
     * Records the notices (certificate i gets notice i); returns the certificates for which this call
     * recorded it. A notice recorded before, by this or another replica, is not returned: it happened already.
     */
    @SuppressWarnings("unchecked")
    Set<UUID> claim(List<UUID> certificates, List<String> notices) {
        if (certificates.isEmpty()) {
            return Set.of();
        }
        List<Object> claimed = entityManager.createNativeQuery("""
                        insert into {h-schema}lifecycle_notice (certificate_id, notice)
                        select * from unnest(cast(cast(:ids as text[]) as uuid[]), cast(:notices as text[]))
                        on conflict do nothing
                        returning certificate_id""")
                .setParameter("ids", ids(certificates))
                .setParameter("notices", notices.toArray(String[]::new))
                .getResultList();
        Set<UUID> result = new HashSet<>();
        claimed.forEach(id -> result.add(id instanceof UUID uuid ? uuid : UUID.fromString(id.toString())));
        return result;
    }

    /** Marks the certificate's RENEWAL_DUE notice acknowledged: renewal-service has its renewal. */
    void acknowledgeRenewal(UUID certificate) {
        entityManager.createNativeQuery("""
                        update {h-schema}lifecycle_notice set acknowledged_at = now()
                        where certificate_id = :id and notice = 'RENEWAL_DUE' and acknowledged_at is null""")
                .setParameter("id", certificate)
                .executeUpdate();
    }

    /**
     * Claims (for this transaction, skipping those another replica holds) up to {@code limit} certificates whose
     * RENEWAL_DUE was emitted before {@code cutoff} and never acknowledged, and that have no replacement yet; their
     * notices count as emitted now.
     */
    @SuppressWarnings("unchecked")
    List<UUID> claimUnacknowledgedRenewals(java.time.Instant cutoff, int limit) {
        List<Object> rows = entityManager.createNativeQuery("""
                        update {h-schema}lifecycle_notice n set emitted_at = now()
                        where (n.certificate_id, n.notice) in (
                            select u.certificate_id, u.notice from {h-schema}lifecycle_notice u
                            where u.notice = 'RENEWAL_DUE' and u.acknowledged_at is null and u.emitted_at < cast(:cutoff as timestamptz)
                              and not exists (select 1 from {h-schema}certificate r where r.replaces_id = u.certificate_id)
                            order by u.emitted_at limit :limit
                            for update skip locked)
                        returning n.certificate_id""")
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(id -> id instanceof UUID uuid ? uuid : UUID.fromString(id.toString())).toList();
    }

    /**
     * The slots (not retired) that each certificate serves or is about to serve: an old certificate keeps the slots
     * its replacement has not been seen serving yet, and the replacement has them too.
     */
    @SuppressWarnings("unchecked")
    Map<UUID, List<SlotRef>> activeSlots(Collection<UUID> certificates) {
        return slots(certificates, """
                select c.id, s.server_fqdn, s.service
                from {h-schema}slot s join unnest(cast(cast(:ids as text[]) as uuid[])) as c(id)
                  on c.id = s.certificate_id or c.id = s.pending_certificate_id
                where not s.retired
                order by s.server_fqdn, s.service""");
    }

    /** The slots (not retired) on which each certificate is a replacement not yet seen served. */
    Map<UUID, List<SlotRef>> pendingSlots(Collection<UUID> certificates) {
        return slots(certificates, """
                select s.pending_certificate_id, s.server_fqdn, s.service from {h-schema}slot s
                where not s.retired and s.pending_certificate_id = any(cast(cast(:ids as text[]) as uuid[]))
                order by s.server_fqdn, s.service""");
    }

    @SuppressWarnings("unchecked")
    private Map<UUID, List<SlotRef>> slots(Collection<UUID> certificates, String query) {
        Map<UUID, List<SlotRef>> slots = new HashMap<>();
        if (certificates.isEmpty()) {
            return slots;
        }
        List<Object[]> rows = entityManager.createNativeQuery(query)
                .setParameter("ids", ids(certificates))
                .getResultList();
        for (Object[] row : rows) {
            slots.computeIfAbsent((UUID) row[0], id -> new ArrayList<>()).add(new SlotRef((String) row[1],
                    ServiceKind.valueOf((String) row[2])));
        }
        return slots;
    }

    /** The certificates an ISA rule publishes (IIS on a CAS the rule points at): their keys must be exportable. */
    @SuppressWarnings("unchecked")
    Set<UUID> publishedByIsa(Collection<UUID> certificates) {
        if (certificates.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(entityManager.createNativeQuery("""
                        select distinct coalesce(s.pending_certificate_id, s.certificate_id) from {h-schema}slot s
                        join {h-schema}publishing_rule r on s.server_fqdn = any(r.cas_servers)
                        where s.service = 'IIS' and not s.retired
                          and coalesce(s.pending_certificate_id, s.certificate_id) = any(cast(cast(:ids as text[]) as uuid[]))""",
                        UUID.class)
                .setParameter("ids", ids(certificates))
                .getResultList());
    }

    private static String[] ids(Collection<UUID> certificates) {
        return certificates.stream().map(UUID::toString).toArray(String[]::new);
    }
}
