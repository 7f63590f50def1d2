package io.certlife.notifier.estate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certlife.events.EstateEntity;
import io.certlife.events.SlotRef;
import io.certlife.events.TopologyChangedV1;
import io.certlife.notifier.EstateEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The notifier's read model of the estate, kept from inventory's {@code TopologyChanged} events as the event contract's
 * {@link EstateEntity} records: who owns a server, its site's time zone, its roles and OS, which slots are retired,
 * which ISA rules publish it.
 */
@ApplicationScoped
public class EstateView {

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    TransactionMemo memo;

    /** Stores what the change says the entity now is; a change of an entity kind this notifier does not know is ignored. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(TopologyChangedV1 change) {
        if (change.before() == null && change.after() == null) {
            return;
        }
        memo.forgetAll();
        EstateEntry.Key key = new EstateEntry.Key(change.entity(), change.entityId());
        if (change.after() == null) {
            EstateEntry.deleteById(key);
            return;
        }
        EstateEntry entry = EstateEntry.findById(key);
        boolean created = entry == null;
        if (created) {
            entry = new EstateEntry();
            entry.key = key;
        }
        entry.body = json.valueToTree(change.after());
        entry.updatedAt = clock.instant();
        if (created) {
            entry.persist();
        }
    }

    public Optional<EstateEntity.Server> server(String fqdn) {
        return body("SERVER", fqdn == null ? null : fqdn.toLowerCase(), EstateEntity.Server.class);
    }

    public Optional<EstateEntity.Team> team(String name) {
        return body("TEAM", name, EstateEntity.Team.class);
    }

    public Optional<EstateEntity.Site> site(String name) {
        return body("SITE", name, EstateEntity.Site.class);
    }

    /** The owner of a server: its own, else its site's. */
    public Optional<String> owner(EstateEntity.Server server) {
        if (server.owner() != null) {
            return Optional.of(server.owner());
        }
        return site(server.site()).map(EstateEntity.Site::owner);
    }

    /** The IANA zone of a site; UTC when the site or its zone is unknown. */
    public ZoneId zone(String site) {
        return site(site).map(EstateEntity.Site::timeZone).map(ZoneId::of).orElse(ZoneOffset.UTC);
    }

    public boolean retired(SlotRef slot) {
        return body("BINDING", slot.server().toLowerCase() + "/" + slot.service(), EstateEntity.Binding.class)
                .map(EstateEntity.Binding::retired).orElse(false);
    }

    /** The ISA publishing rules that point at this CAS server. */
    public List<EstateEntity.PublishingRule> rulesPublishing(String casServer) {
        return bodies("PUBLISHING_RULE", EstateEntity.PublishingRule.class).stream()
                .filter(rule -> rule.casServers().contains(casServer.toLowerCase())).toList();
    }

    private <T extends EstateEntity> Optional<T> body(String entity, String id, Class<T> type) {
        if (id == null) {
            return Optional.empty();
        }
        EstateEntry.Key key = new EstateEntry.Key(entity, id);
        return memo.get(key, () -> Optional.ofNullable(EstateEntry.<EstateEntry>findById(key)).map(e -> read(e.body, type)));
    }

    private <T extends EstateEntity> List<T> bodies(String entity, Class<T> type) {
        return memo.get(List.of(EstateEntry.class, entity), () -> entityManager
                .createQuery("select e.body from EstateEntry e where e.key.entity = ?1", JsonNode.class)
                .setParameter(1, entity).getResultStream().map(body -> read(body, type)).toList());
    }

    private <T> T read(JsonNode body, Class<T> type) {
        try {
            return json.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored estate entry is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
