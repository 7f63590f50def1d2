package io.certlife.inventory.estate;

import io.certlife.events.ServerOs;
import io.certlife.events.ServerRole;
import io.certlife.inventory.Refusal;
import io.certlife.inventory.Server;
import io.certlife.inventory.Site;
import io.certlife.inventory.Slot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Servers: site, roles, OS, owner, whether the internet reaches them. Deleting one still used by a publishing rule or
 * a namespace is refused; its bindings go with it.
 */
@ApplicationScoped
public class Servers implements EstateKind<ServerSpec, Server, String> {

    @Inject
    EstateReferences references;

    @Inject
    EntityManager entityManager;

    @Override
    public String entity() {
        return "SERVER";
    }

    @Override
    public String describe(String fqdn) {
        return "server " + fqdn;
    }

    @Override
    public String key(ServerSpec spec) {
        return spec.fqdn();
    }

    @Override
    public Optional<Server> find(String fqdn) {
        return Server.findByIdOptional(fqdn.toLowerCase());
    }

    @Override
    public List<Server> all() {
        return Server.listAll();
    }

    @Override
    public ServerSpec spec(Server s) {
        return new ServerSpec(s.fqdn, s.hostName, s.site, s.roles.stream().map(ServerRole::valueOf).toList(),
                s.internetFacing, ServerOs.valueOf(s.os), s.owner, s.address);
    }

    @Override
    public ServerSpec prepare(ServerSpec spec, Optional<Server> existing) {
        if (Site.findByIdOptional(spec.site()).isEmpty()) {
            throw Refusal.invalid("server " + spec.fqdn() + ": site " + spec.site() + " does not exist");
        }
        references.requireTeam(spec.owner(), "server " + spec.fqdn());
        return spec;
    }

    @Override
    public Server create() {
        return new Server();
    }

    @Override
    public void apply(ServerSpec spec, Server server) {
        server.fqdn = spec.fqdn();
        server.hostName = spec.hostName();
        server.site = spec.site();
        server.roles = spec.roles().stream().map(ServerRole::name).toList();
        server.internetFacing = spec.internetFacing();
        server.os = spec.os().name();
        server.owner = spec.owner();
        server.address = spec.address();
        server.persist();
    }

    @Override
    public Set<UUID> affected(ServerSpec before, ServerSpec after) {
        return after == null ? references.certificatesOfServers(List.of(before.fqdn()))
                : references.certificatesOfServerAndItsPublishers(after.fqdn());
    }

    @Override
    public Set<String> servers(ServerSpec spec) {
        return Set.of(spec.fqdn());
    }

    @Override
    public void beforeDelete(Server server) {
        @SuppressWarnings("unchecked")
        List<String> users = entityManager.createNativeQuery("""
                        select 'publishing rule ' || web_listener || ' on ' || isa_server from {h-schema}publishing_rule
                         where isa_server = :fqdn or :fqdn = any(cas_servers)
                        union all
                        select 'namespace ' || name from {h-schema}namespace where :fqdn = any(servers)""")
                .setParameter("fqdn", server.fqdn).getResultList();
        if (!users.isEmpty()) {
            throw Refusal.conflict("server " + server.fqdn + " is still used by " + String.join(", ", users));
        }
        Slot.delete("key.serverFqdn", server.fqdn);
    }
}
