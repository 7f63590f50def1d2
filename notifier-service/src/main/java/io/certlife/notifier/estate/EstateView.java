package io.certlife.notifier.estate;

import com.fasterxml.jackson.databind.JsonNode;
import io.certlife.events.TopologyChangedV1;
import io.certlife.notifier.EstateEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The notifier's read model of the estate, kept from inventory's {@code TopologyChanged} events: who owns a
 * server, its site's time zone, its roles and OS, which slots are retired, which ISA rules publish it.
 */
@ApplicationScoped
public class EstateView {

    /** A server as routing and tasks need it. */
    public record ServerFacts(String fqdn, String hostName, String site, List<String> roles, String owner, String os,
                              String pfxProfile) {
        public boolean hasRole(String role) {
            return roles.contains(role);
        }
    }

    /** A team and where it is reached: an email address and a configured chat endpoint name. */
    public record TeamFacts(String name, String email, String chatChannel) {
    }

    /** An ISA web publishing rule. */
    public record PublishingRuleFacts(String isaServer, String webListener, String publicHostName, List<String> casServers) {
    }

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @Inject
    TransactionMemo memo;

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(TopologyChangedV1 change) {
        memo.forgetAll();
        EstateEntry.Key key = new EstateEntry.Key(change.entity(), change.entityId());
        if (change.after() == null || change.after().isNull()) {
            EstateEntry.deleteById(key);
            return;
        }
        EstateEntry entry = EstateEntry.findById(key);
        if (entry == null) {
            entry = new EstateEntry();
            entry.key = key;
            entry.body = change.after();
            entry.updatedAt = clock.instant();
            entry.persist();
        } else {
            entry.body = change.after();
            entry.updatedAt = clock.instant();
        }
    }

    public Optional<ServerFacts> server(String fqdn) {
        return body("SERVER", fqdn == null ? null : fqdn.toLowerCase()).map(b -> new ServerFacts(
                text(b, "fqdn"), text(b, "hostName"), text(b, "site"), strings(b.path("roles")), text(b, "owner"),
                text(b, "os"), text(b, "pfxProfile")));
    }

    public Optional<TeamFacts> team(String name) {
        return body("TEAM", name).map(b -> new TeamFacts(text(b, "name"), text(b, "email"), text(b, "chatChannel")));
    }

    /** The owner of a server: its own, else its site's. */
    public Optional<String> owner(ServerFacts server) {
        if (server.owner() != null) {
            return Optional.of(server.owner());
        }
        return body("SITE", server.site()).map(b -> text(b, "owner"));
    }

    /** The IANA zone of a site; UTC when the site or its zone is unknown. */
    public ZoneId zone(String site) {
        return body("SITE", site).map(b -> text(b, "timeZone")).map(ZoneId::of).orElse(ZoneOffset.UTC);
    }

    public boolean retired(String server, String service) {
        return body("BINDING", server.toLowerCase() + "/" + service).map(b -> b.path("retired").asBoolean(false)).orElse(false);
    }

    /** The ISA publishing rules that point at this CAS server. */
    public List<PublishingRuleFacts> rulesPublishing(String casServer) {
        List<PublishingRuleFacts> rules = new ArrayList<>();
        for (JsonNode b : bodies("PUBLISHING_RULE")) {
            List<String> cas = strings(b.path("casServers"));
            if (cas.contains(casServer.toLowerCase())) {
                rules.add(new PublishingRuleFacts(text(b, "isaServer"), text(b, "webListener"), text(b, "publicHostName"), cas));
            }
        }
        return rules;
    }

    private Optional<JsonNode> body(String entity, String id) {
        if (id == null) {
            return Optional.empty();
        }
        EstateEntry.Key key = new EstateEntry.Key(entity, id);
        return memo.get(key, () -> Optional.ofNullable(EstateEntry.<EstateEntry>findById(key)).map(e -> e.body));
    }

    private List<JsonNode> bodies(String entity) {
        return memo.get(List.of(EstateEntry.class, entity), () -> entityManager
                .createQuery("select e.body from EstateEntry e where e.key.entity = ?1", JsonNode.class)
                .setParameter(1, entity).getResultList());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
