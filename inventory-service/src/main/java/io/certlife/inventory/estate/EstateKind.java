package io.certlife.inventory.estate;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One kind of estate entity (team, site, server, namespace, publishing rule, binding): only what differs between them.
 * {@link EstateStore} does what is the same for all of them.
 *
 * @param <S> the entity as the API reads and writes it
 * @param <E> the stored entity
 * @param <K> its key
 */
public interface EstateKind<S extends EntitySpec, E extends PanacheEntityBase, K> {

    /** The entity name {@code TopologyChanged} carries: TEAM, SITE, SERVER, NAMESPACE, PUBLISHING_RULE, BINDING. */
    String entity();

    /** "team Blue", "binding SMTP on hub01.contoso.com": how refusals name one. */
    String describe(K key);

    /** The id {@code TopologyChanged} carries for the entity with this key. */
    default String entityId(K key) {
        return key.toString();
    }

    K key(S spec);

    Optional<E> find(K key);

    List<E> all();

    S spec(E entity);

    /** The stored entity a spec replaces, if any (by key unless the kind also knows a natural key). */
    default Optional<E> existing(S spec) {
        return find(key(spec));
    }

    /**
     * Checks a spec against the estate (a refusal names the problem) and returns it as it will be stored: references
     * resolved, ids assigned.
     */
    S prepare(S spec, Optional<E> existing);

    E create();

    /** Copies the spec into the entity and persists it. */
    void apply(S spec, E entity);

    /** The certificates whose planning the change may alter; {@code before} is null on create, {@code after} on delete. */
    Set<UUID> affected(S before, S after);

    /** The servers whose findings the change may alter. */
    default Set<String> servers(S spec) {
        return Set.of();
    }

    /** Refuses to delete an entity still in use, and removes what cannot outlive it. */
    default void beforeDelete(E entity) {
    }
}
