package io.certlife.inventory.estate;

import io.certlife.delivery.Outbox;
import io.certlife.events.CloudEvent;
import io.certlife.events.TopologyChangedV1;
import io.certlife.inventory.Refusal;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads, writes and deletes every kind of estate entity the same way. Each write that changes something emits one
 * {@code TopologyChanged} (before/after, and the certificates whose planning it may alter) and fires an
 * {@link EstateChanged} CDI event so that findings are re-evaluated in the same transaction. A write that changes
 * nothing emits nothing.
 */
@ApplicationScoped
public class EstateStore {

    static final String SOURCE = "/certlife/inventory";

    /** The outcome of a write and the entity as stored. */
    public record Written<S>(Change change, S stored) {
    }

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    EntityManager entityManager;

    @Inject
    Event<EstateChanged> changed;

    public <S extends EntitySpec, E extends PanacheEntityBase, K> List<S> list(EstateKind<S, E, K> kind) {
        return kind.all().stream().map(kind::spec).toList();
    }

    public <S extends EntitySpec, E extends PanacheEntityBase, K> S get(EstateKind<S, E, K> kind, K key) {
        return kind.find(key).map(kind::spec).orElseThrow(() -> Refusal.notFound("no " + kind.describe(key)));
    }

    /** Creates or replaces the entity the spec describes; returns what is stored. */
    @Transactional
    public <S extends EntitySpec, E extends PanacheEntityBase, K> Written<S> put(EstateKind<S, E, K> kind, S spec) {
        Optional<E> existing = kind.existing(spec);
        S stored = kind.prepare(spec, existing);
        S before = existing.map(kind::spec).orElse(null);
        if (Objects.equals(before, stored)) {
            return new Written<>(Change.UNCHANGED, before);
        }
        E entity = existing.orElseGet(kind::create);
        kind.apply(stored, entity);
        entityManager.flush();
        Change change = before == null ? Change.CREATED : Change.UPDATED;
        emit(kind, kind.key(stored), change, before, stored, kind.affected(before, stored));
        Written<S> written = new Written<>(change, kind.spec(entity));
        done();
        return written;
    }

    @Transactional
    public <S extends EntitySpec, E extends PanacheEntityBase, K> void delete(EstateKind<S, E, K> kind, K key) {
        E entity = kind.find(key).orElseThrow(() -> Refusal.notFound("no " + kind.describe(key)));
        S before = kind.spec(entity);
        // read before anything is removed: a server's slots go with it
        Set<UUID> affected = kind.affected(before, null);
        kind.beforeDelete(entity);
        entity.delete();
        entityManager.flush();
        emit(kind, key, Change.DELETED, before, null, affected);
        done();
    }

    /**
     * One entity's work at a time: written, then forgotten by the session. Every query flushes the session first,
     * which checks each entity it holds, so an estate import of thousands of entities in one transaction would cost
     * in the square of their number.
     */
    private void done() {
        entityManager.flush();
        entityManager.clear();
    }

    private <S extends EntitySpec, E extends PanacheEntityBase, K> void emit(EstateKind<S, E, K> kind, K key, Change change,
                                                                             S before, S after, Set<UUID> affected) {
        String id = kind.entityId(key);
        outbox.publish(CloudEvent.create(SOURCE, kind.entity() + ":" + id, new TopologyChangedV1(kind.entity(), id,
                change.name(), before == null ? null : before.snapshot(), after == null ? null : after.snapshot(),
                affected.stream().map(UUID::toString).sorted().toList()), clock));
        Set<String> servers = new LinkedHashSet<>();
        for (S spec : Arrays.asList(before, after)) {
            if (spec != null) {
                servers.addAll(kind.servers(spec));
            }
        }
        changed.fire(new EstateChanged(Set.copyOf(affected), servers));
    }
}
