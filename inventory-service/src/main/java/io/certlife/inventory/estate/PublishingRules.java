package io.certlife.inventory.estate;

import io.certlife.events.ServerRole;
import io.certlife.inventory.PublishingRule;
import io.certlife.inventory.Refusal;
import io.certlife.inventory.Server;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * ISA web publishing rules: an ISA server's listener publishing a host name for CAS servers. A rule is found by its id
 * or else by that natural key (ISA server, listener, host name), so posting the same rule twice updates it.
 */
@ApplicationScoped
public class PublishingRules implements EstateKind<PublishingRuleSpec, PublishingRule, UUID> {

    @Inject
    EstateReferences references;

    @Override
    public String entity() {
        return "PUBLISHING_RULE";
    }

    @Override
    public String describe(UUID id) {
        return "publishing rule " + id;
    }

    @Override
    public UUID key(PublishingRuleSpec spec) {
        return spec.id();
    }

    @Override
    public Optional<PublishingRule> find(UUID id) {
        return id == null ? Optional.empty() : PublishingRule.findByIdOptional(id);
    }

    @Override
    public List<PublishingRule> all() {
        return PublishingRule.listAll();
    }

    @Override
    public PublishingRuleSpec spec(PublishingRule r) {
        return new PublishingRuleSpec(r.id, r.isaServer, r.webListener, r.publicHostName, r.casServers);
    }

    @Override
    public Optional<PublishingRule> existing(PublishingRuleSpec spec) {
        return find(spec.id()).or(() -> byNaturalKey(spec));
    }

    private static Optional<PublishingRule> byNaturalKey(PublishingRuleSpec spec) {
        return PublishingRule.find("isaServer = ?1 and webListener = ?2 and publicHostName = ?3",
                spec.isaServer(), spec.webListener(), spec.publicHostName()).firstResultOptional();
    }

    @Override
    public PublishingRuleSpec prepare(PublishingRuleSpec spec, Optional<PublishingRule> existing) {
        Server isa = Server.<Server>findByIdOptional(spec.isaServer()).orElseThrow(() -> Refusal.invalid(
                "publishing rule: ISA server " + spec.isaServer() + " does not exist"));
        if (!isa.roles.contains(ServerRole.ISA.name())) {
            throw Refusal.invalid("publishing rule: " + isa.fqdn + " does not hold the ISA role");
        }
        references.requireServers(spec.casServers(), "publishing rule " + spec.webListener());
        for (String cas : spec.casServers()) {
            if (!Server.<Server>findById(cas).roles.contains(ServerRole.CLIENT_ACCESS.name())) {
                throw Refusal.invalid("publishing rule " + spec.webListener() + ": " + cas
                        + " does not hold the CLIENT_ACCESS role");
            }
        }
        Optional<PublishingRule> byKey = byNaturalKey(spec);
        if (byKey.isPresent() && existing.isPresent() && !byKey.get().id.equals(existing.get().id)) {
            throw Refusal.conflict("publishing rule " + byKey.get().id + " already publishes "
                    + spec.publicHostName() + " on " + spec.isaServer() + " listener " + spec.webListener());
        }
        return spec.withId(existing.map(rule -> rule.id).or(() -> Optional.ofNullable(spec.id())).orElseGet(UUID::randomUUID));
    }

    @Override
    public PublishingRule create() {
        return new PublishingRule();
    }

    @Override
    public void apply(PublishingRuleSpec spec, PublishingRule rule) {
        rule.id = spec.id();
        rule.isaServer = spec.isaServer();
        rule.webListener = spec.webListener();
        rule.publicHostName = spec.publicHostName();
        rule.casServers = spec.casServers();
        rule.persist();
    }

    @Override
    public Set<UUID> affected(PublishingRuleSpec before, PublishingRuleSpec after) {
        Set<UUID> affected = references.certificatesOfServers(before == null ? List.of() : before.casServers());
        affected.addAll(references.certificatesOfServers(after == null ? List.of() : after.casServers()));
        return affected;
    }
}
