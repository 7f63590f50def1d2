package io.certlife.inventory.estate;

import io.certlife.inventory.PublishingRule;
import io.certlife.inventory.Refusal;
import io.certlife.inventory.Server;
import io.certlife.inventory.Team;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** How estate entities refer to each other: owners, servers, and the certificates a change of them may concern. */
@ApplicationScoped
public class EstateReferences {

    @Inject
    EntityManager entityManager;

    void requireTeam(String team, String what) {
        if (team != null && Team.findByIdOptional(team).isEmpty()) {
            throw Refusal.invalid(what + ": owner team " + team + " does not exist");
        }
    }

    void requireServers(Collection<String> servers, String what) {
        List<String> missing = servers.stream().filter(s -> Server.findByIdOptional(s).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw Refusal.invalid(what + ": unknown server(s) " + String.join(", ", missing));
        }
    }

    List<String> serversOfSite(String site) {
        return entityManager.createQuery("select s.fqdn from Server s where s.site = ?1", String.class)
                .setParameter(1, site).getResultList();
    }

    /** The certificates bound on these servers. */
    Set<UUID> certificatesOfServers(Collection<String> servers) {
        if (servers.isEmpty()) {
            return new LinkedHashSet<>();
        }
        return new LinkedHashSet<>(entityManager.createQuery("""
                        select s.certificateId from Slot s where s.key.serverFqdn in ?1 and s.certificateId is not null""",
                        UUID.class).setParameter(1, servers).getResultList());
    }

    /** The certificates bound on a server and on the CAS servers it publishes (when it is an ISA server). */
    Set<UUID> certificatesOfServerAndItsPublishers(String fqdn) {
        Set<UUID> affected = certificatesOfServers(List.of(fqdn));
        affected.addAll(certificatesOfServers(PublishingRule.<PublishingRule>list("isaServer", fqdn).stream()
                .flatMap(r -> r.casServers.stream()).toList()));
        return affected;
    }
}
