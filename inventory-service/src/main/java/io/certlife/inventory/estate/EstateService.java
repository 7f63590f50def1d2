package io.certlife.inventory.estate;

import io.certlife.delivery.Outbox;
import io.certlife.events.CloudEvent;
import io.certlife.events.TopologyChangedV1;
import io.certlife.inventory.Certificate;
import io.certlife.inventory.Namespace;
import io.certlife.inventory.PublishingRule;
import io.certlife.inventory.Refusal;
import io.certlife.inventory.Server;
import io.certlife.inventory.Site;
import io.certlife.inventory.Slot;
import io.certlife.inventory.Team;
import io.certlife.inventory.policy.ClientProfile;
import io.certlife.events.ServerRole;
import io.certlife.inventory.policy.ServerOs;
import io.certlife.events.ServiceKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Creates, replaces and deletes the estate. Each write that changes something emits one
 * {@code TopologyChanged} (before/after, and the certificates whose planning it may alter) and fires an
 * {@link EstateChanged} CDI event so that findings are re-evaluated in the same transaction. A write that
 * changes nothing emits nothing.
 */
@ApplicationScoped
public class EstateService {

    static final String SOURCE = "/certlife/inventory";

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    EntityManager entityManager;

    @Inject
    Event<EstateChanged> changed;

    // ---- teams

    public List<TeamSpec> teams() {
        return Team.<Team>listAll().stream().map(EstateService::spec).toList();
    }

    public TeamSpec team(String name) {
        return Team.<Team>findByIdOptional(name).map(EstateService::spec)
                .orElseThrow(() -> Refusal.notFound("no team " + name));
    }

    @Transactional
    public Change putTeam(TeamSpec spec) {
        Team team = Team.<Team>findByIdOptional(spec.name()).orElseGet(Team::new);
        return write("TEAM", spec.name(), team.name == null ? null : spec(team), spec, Set::of, () -> {
            team.name = spec.name();
            team.email = spec.email();
            team.chatChannel = spec.chatChannel();
            team.persist();
        });
    }

    @Transactional
    public void deleteTeam(String name) {
        Team team = Team.<Team>findByIdOptional(name).orElseThrow(() -> Refusal.notFound("no team " + name));
        List<String> owned = entityManager.createQuery(
                        "select s.name from Site s where s.owner = ?1 union select v.fqdn from Server v where v.owner = ?1", String.class)
                .setParameter(1, name).getResultList();
        if (!owned.isEmpty()) {
            throw Refusal.conflict("team " + name + " still owns " + String.join(", ", owned));
        }
        delete("TEAM", name, spec(team), Set.of(), team::delete);
    }

    // ---- sites

    public List<SiteSpec> sites() {
        return Site.<Site>listAll().stream().map(EstateService::spec).toList();
    }

    public SiteSpec site(String name) {
        return Site.<Site>findByIdOptional(name).map(EstateService::spec)
                .orElseThrow(() -> Refusal.notFound("no site " + name));
    }

    @Transactional
    public Change putSite(SiteSpec spec) {
        try {
            ZoneId.of(spec.timeZone());
        } catch (DateTimeException e) {
            throw Refusal.invalid("site " + spec.name() + ": time zone '" + spec.timeZone()
                    + "' is not an IANA zone id (e.g. Europe/Berlin)");
        }
        requireTeam(spec.owner(), "site " + spec.name());
        Site site = Site.<Site>findByIdOptional(spec.name()).orElseGet(Site::new);
        return write("SITE", spec.name(), site.name == null ? null : spec(site), spec,
                () -> certificatesOfServers(serversOfSite(spec.name())), () -> {
                    site.name = spec.name();
                    site.timeZone = spec.timeZone();
                    site.owner = spec.owner();
                    site.persist();
                });
    }

    @Transactional
    public void deleteSite(String name) {
        Site site = Site.<Site>findByIdOptional(name).orElseThrow(() -> Refusal.notFound("no site " + name));
        List<String> servers = serversOfSite(name);
        if (!servers.isEmpty()) {
            throw Refusal.conflict("site " + name + " still has servers " + String.join(", ", servers));
        }
        delete("SITE", name, spec(site), Set.of(), site::delete);
    }

    // ---- servers

    public List<ServerSpec> servers() {
        return Server.<Server>listAll().stream().map(EstateService::spec).toList();
    }

    public ServerSpec server(String fqdn) {
        return Server.<Server>findByIdOptional(fqdn.toLowerCase()).map(EstateService::spec)
                .orElseThrow(() -> Refusal.notFound("no server " + fqdn));
    }

    @Transactional
    public Change putServer(ServerSpec spec) {
        if (Site.findByIdOptional(spec.site()).isEmpty()) {
            throw Refusal.invalid("server " + spec.fqdn() + ": site " + spec.site() + " does not exist");
        }
        requireTeam(spec.owner(), "server " + spec.fqdn());
        Server server = Server.<Server>findByIdOptional(spec.fqdn()).orElseGet(Server::new);
        return write("SERVER", spec.fqdn(), server.fqdn == null ? null : spec(server), spec,
                () -> certificatesOfServerAndItsPublishers(spec.fqdn()), () -> {
                    server.fqdn = spec.fqdn();
                    server.hostName = spec.hostName();
                    server.site = spec.site();
                    server.roles = spec.roles().stream().map(ServerRole::name).toList();
                    server.internetFacing = spec.internetFacing();
                    server.os = spec.os().name();
                    server.owner = spec.owner();
                    server.address = spec.address();
                    server.persist();
                });
    }

    @Transactional
    public void deleteServer(String fqdn) {
        Server server = Server.<Server>findByIdOptional(fqdn.toLowerCase())
                .orElseThrow(() -> Refusal.notFound("no server " + fqdn));
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
        Set<UUID> affected = certificatesOfServers(List.of(server.fqdn));
        Slot.delete("key.serverFqdn", server.fqdn);
        delete("SERVER", server.fqdn, spec(server), affected, server::delete);
    }

    // ---- namespaces

    public List<NamespaceSpec> namespaces() {
        return Namespace.<Namespace>listAll().stream().map(EstateService::spec).toList();
    }

    public NamespaceSpec namespace(String name) {
        return Namespace.<Namespace>findByIdOptional(name.toLowerCase()).map(EstateService::spec)
                .orElseThrow(() -> Refusal.notFound("no namespace " + name));
    }

    @Transactional
    public Change putNamespace(NamespaceSpec spec) {
        requireServers(spec.servers(), "namespace " + spec.name());
        Namespace namespace = Namespace.<Namespace>findByIdOptional(spec.name()).orElseGet(Namespace::new);
        NamespaceSpec before = namespace.name == null ? null : spec(namespace);
        return write("NAMESPACE", spec.name(), before, spec, () -> {
            Set<UUID> affected = certificatesOfServers(spec.servers());
            if (before != null) {
                affected.addAll(certificatesOfServers(before.servers()));
            }
            return affected;
        }, () -> {
            namespace.name = spec.name();
            namespace.clientProfiles = spec.clientProfiles().stream().map(Enum::name).toList();
            namespace.servers = spec.servers();
            namespace.services = spec.services().stream().map(Enum::name).toList();
            namespace.persist();
        });
    }

    @Transactional
    public void deleteNamespace(String name) {
        Namespace namespace = Namespace.<Namespace>findByIdOptional(name.toLowerCase())
                .orElseThrow(() -> Refusal.notFound("no namespace " + name));
        delete("NAMESPACE", namespace.name, spec(namespace), certificatesOfServers(namespace.servers), namespace::delete);
    }

    // ---- publishing rules

    public List<PublishingRuleSpec> publishingRules() {
        return PublishingRule.<PublishingRule>listAll().stream().map(EstateService::spec).toList();
    }

    public PublishingRuleSpec publishingRule(UUID id) {
        return PublishingRule.<PublishingRule>findByIdOptional(id).map(EstateService::spec)
                .orElseThrow(() -> Refusal.notFound("no publishing rule " + id));
    }

    /** Creates or updates a rule, found by id or else by its natural key; returns the rule as stored. */
    @Transactional
    public Written<PublishingRuleSpec> putPublishingRule(PublishingRuleSpec spec) {
        Server isa = Server.<Server>findByIdOptional(spec.isaServer()).orElseThrow(() -> Refusal.invalid(
                "publishing rule: ISA server " + spec.isaServer() + " does not exist"));
        if (!isa.roles.contains(ServerRole.ISA.name())) {
            throw Refusal.invalid("publishing rule: " + isa.fqdn + " does not hold the ISA role");
        }
        requireServers(spec.casServers(), "publishing rule " + spec.webListener());
        for (String cas : spec.casServers()) {
            if (!Server.<Server>findById(cas).roles.contains(ServerRole.CLIENT_ACCESS.name())) {
                throw Refusal.invalid("publishing rule " + spec.webListener() + ": " + cas
                        + " does not hold the CLIENT_ACCESS role");
            }
        }
        Optional<PublishingRule> byKey = PublishingRule.find("isaServer = ?1 and webListener = ?2 and publicHostName = ?3",
                spec.isaServer(), spec.webListener(), spec.publicHostName()).firstResultOptional();
        PublishingRule rule = Optional.ofNullable(spec.id()).flatMap(PublishingRule::<PublishingRule>findByIdOptional)
                .or(() -> byKey).orElseGet(PublishingRule::new);
        if (byKey.isPresent() && rule.id != null && !byKey.get().id.equals(rule.id)) {
            throw Refusal.conflict("publishing rule " + byKey.get().id + " already publishes "
                    + spec.publicHostName() + " on " + spec.isaServer() + " listener " + spec.webListener());
        }
        UUID id = rule.id != null ? rule.id : Optional.ofNullable(spec.id()).orElseGet(UUID::randomUUID);
        PublishingRuleSpec stored = spec.withId(id);
        PublishingRuleSpec before = rule.id == null ? null : spec(rule);
        Change change = write("PUBLISHING_RULE", id.toString(), before, stored, () -> {
            Set<UUID> affected = certificatesOfServers(stored.casServers());
            if (before != null) {
                affected.addAll(certificatesOfServers(before.casServers()));
            }
            return affected;
        }, () -> {
            rule.id = id;
            rule.isaServer = stored.isaServer();
            rule.webListener = stored.webListener();
            rule.publicHostName = stored.publicHostName();
            rule.casServers = stored.casServers();
            rule.persist();
        });
        return new Written<>(change, stored);
    }

    @Transactional
    public void deletePublishingRule(UUID id) {
        PublishingRule rule = PublishingRule.<PublishingRule>findByIdOptional(id)
                .orElseThrow(() -> Refusal.notFound("no publishing rule " + id));
        delete("PUBLISHING_RULE", id.toString(), spec(rule), certificatesOfServers(rule.casServers), rule::delete);
    }

    // ---- slots (bindings)

    public List<SlotSpec> slots(Optional<String> server) {
        List<Slot> slots = server.map(fqdn -> Slot.ofServer(fqdn.toLowerCase())).orElseGet(Slot::listAll);
        return slots.stream().map(EstateService::spec).toList();
    }

    @Transactional
    public Change putSlot(SlotSpec spec) {
        if (Server.findByIdOptional(spec.server()).isEmpty()) {
            throw Refusal.invalid("binding " + spec.service() + " on " + spec.server() + ": server does not exist");
        }
        UUID certificateId = resolveCertificate(spec);
        if (spec.pendingCertificateId() != null && Certificate.findByIdOptional(spec.pendingCertificateId()).isEmpty()) {
            throw Refusal.invalid("binding: pending certificate " + spec.pendingCertificateId() + " does not exist");
        }
        SlotSpec resolved = new SlotSpec(spec.server(), spec.service(), certificateId, null,
                spec.pendingCertificateId(), spec.renewBefore(), spec.retired(), spec.port());
        Slot.Key key = new Slot.Key(spec.server(), spec.service().name());
        Slot slot = Slot.<Slot>findByIdOptional(key).orElseGet(Slot::new);
        SlotSpec before = slot.key == null ? null : spec(slot);
        return write("BINDING", spec.server() + "/" + spec.service(), before, resolved, () -> {
            Set<UUID> affected = new LinkedHashSet<>();
            for (SlotSpec s : new SlotSpec[] {before, resolved}) {
                if (s != null) {
                    affected.add(s.certificateId());
                    affected.add(s.pendingCertificateId());
                }
            }
            affected.remove(null);
            return affected;
        }, () -> {
            slot.key = key;
            slot.certificateId = resolved.certificateId();
            slot.pendingCertificateId = resolved.pendingCertificateId();
            slot.renewBeforeSeconds = resolved.renewBefore() == null ? null : resolved.renewBefore().toSeconds();
            slot.retired = resolved.retired();
            slot.port = resolved.port();
            slot.persist();
        });
    }

    @Transactional
    public void deleteSlot(String server, String service) {
        Slot slot = Slot.<Slot>findByIdOptional(new Slot.Key(server.toLowerCase(), service))
                .orElseThrow(() -> Refusal.notFound("no binding " + service + " on " + server));
        Set<UUID> affected = new LinkedHashSet<>();
        affected.add(slot.certificateId);
        affected.add(slot.pendingCertificateId);
        affected.remove(null);
        delete("BINDING", server + "/" + service, spec(slot), affected, slot::delete);
    }

    private UUID resolveCertificate(SlotSpec spec) {
        if (spec.certificateId() != null) {
            Certificate byId = Certificate.<Certificate>findByIdOptional(spec.certificateId()).orElseThrow(() ->
                    Refusal.invalid("binding " + spec.service() + " on " + spec.server() + ": certificate "
                            + spec.certificateId() + " does not exist"));
            if (spec.thumbprint() != null && !spec.thumbprint().equals(byId.thumbprintSha1)) {
                throw Refusal.invalid("binding " + spec.service() + " on " + spec.server()
                        + ": certificateId and thumbprint name different certificates");
            }
            return byId.id;
        }
        if (spec.thumbprint() != null) {
            return Certificate.findByThumbprint(spec.thumbprint()).map(c -> c.id).orElseThrow(() ->
                    Refusal.invalid("binding " + spec.service() + " on " + spec.server()
                            + ": no certificate with thumbprint " + spec.thumbprint() + " (import it first)"));
        }
        return null;
    }

    // ---- shared mechanics

    /** The outcome of a write and the item as stored. */
    public record Written<S>(Change change, S item) {
    }

    private <S extends EntitySpec> Change write(String entity, String id, S before, S after, Supplier<Set<UUID>> affected,
                                                Runnable apply) {
        if (Objects.equals(before, after)) {
            return Change.UNCHANGED;
        }
        apply.run();
        entityManager.flush();
        Change change = before == null ? Change.CREATED : Change.UPDATED;
        emit(entity, id, change, before, after, affected.get());
        return change;
    }

    private void delete(String entity, String id, EntitySpec before, Set<UUID> affected, Runnable remove) {
        remove.run();
        entityManager.flush();
        emit(entity, id, Change.DELETED, before, null, affected);
    }

    private void emit(String entity, String id, Change change, EntitySpec before, EntitySpec after, Set<UUID> affected) {
        outbox.publish(CloudEvent.create(SOURCE, entity + ":" + id, new TopologyChangedV1(entity, id, change.name(),
                before == null ? null : before.snapshot(), after == null ? null : after.snapshot(),
                affected.stream().map(UUID::toString).sorted().toList()), clock));
        Set<String> servers = new LinkedHashSet<>();
        for (Object spec : new Object[] {before, after}) {
            if (spec instanceof ServerSpec server) {
                servers.add(server.fqdn());
            } else if (spec instanceof SlotSpec slot) {
                servers.add(slot.server());
            }
        }
        changed.fire(new EstateChanged(Set.copyOf(affected), servers));
    }

    private void requireTeam(String team, String what) {
        if (team != null && Team.findByIdOptional(team).isEmpty()) {
            throw Refusal.invalid(what + ": owner team " + team + " does not exist");
        }
    }

    private void requireServers(Collection<String> servers, String what) {
        List<String> missing = servers.stream().filter(s -> Server.findByIdOptional(s).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw Refusal.invalid(what + ": unknown server(s) " + String.join(", ", missing));
        }
    }

    private List<String> serversOfSite(String site) {
        return entityManager.createQuery("select s.fqdn from Server s where s.site = ?1", String.class)
                .setParameter(1, site).getResultList();
    }

    private Set<UUID> certificatesOfServers(Collection<String> servers) {
        if (servers.isEmpty()) {
            return new LinkedHashSet<>();
        }
        return new LinkedHashSet<>(entityManager.createQuery("""
                        select s.certificateId from Slot s where s.key.serverFqdn in ?1 and s.certificateId is not null""",
                        UUID.class).setParameter(1, servers).getResultList());
    }

    private Set<UUID> certificatesOfServerAndItsPublishers(String fqdn) {
        Set<UUID> affected = certificatesOfServers(List.of(fqdn));
        affected.addAll(certificatesOfServers(PublishingRule.<PublishingRule>list("isaServer", fqdn).stream()
                .flatMap(r -> r.casServers.stream()).toList()));
        return affected;
    }

    // ---- entity -> spec

    static TeamSpec spec(Team t) {
        return new TeamSpec(t.name, t.email, t.chatChannel);
    }

    static SiteSpec spec(Site s) {
        return new SiteSpec(s.name, s.timeZone, s.owner);
    }

    static ServerSpec spec(Server s) {
        return new ServerSpec(s.fqdn, s.hostName, s.site, s.roles.stream().map(ServerRole::valueOf).toList(),
                s.internetFacing, ServerOs.valueOf(s.os), s.owner, s.address);
    }

    static NamespaceSpec spec(Namespace n) {
        return new NamespaceSpec(n.name,
                n.clientProfiles.stream().map(ClientProfile::valueOf).toList(),
                n.servers, n.services.stream().map(ServiceKind::valueOf).toList());
    }

    static PublishingRuleSpec spec(PublishingRule r) {
        return new PublishingRuleSpec(r.id, r.isaServer, r.webListener, r.publicHostName, r.casServers);
    }

    static SlotSpec spec(Slot s) {
        return new SlotSpec(s.key.serverFqdn(), ServiceKind.valueOf(s.key.service()),
                s.certificateId, null, s.pendingCertificateId,
                s.renewBeforeSeconds == null ? null : Duration.ofSeconds(s.renewBeforeSeconds), s.retired, s.port);
    }
}
