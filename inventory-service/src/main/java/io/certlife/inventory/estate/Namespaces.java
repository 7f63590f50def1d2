package io.certlife.inventory.estate;

import io.certlife.events.ServiceKind;
import io.certlife.inventory.Namespace;
import io.certlife.inventory.policy.ClientProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Client namespaces: the names clients use, which client profiles use them, and the servers and services that answer. */
@ApplicationScoped
public class Namespaces implements EstateKind<NamespaceSpec, Namespace, String> {

    @Inject
    EstateReferences references;

    @Override
    public String entity() {
        return "NAMESPACE";
    }

    @Override
    public String describe(String name) {
        return "namespace " + name;
    }

    @Override
    public String key(NamespaceSpec spec) {
        return spec.name();
    }

    @Override
    public Optional<Namespace> find(String name) {
        return Namespace.findByIdOptional(name.toLowerCase());
    }

    @Override
    public List<Namespace> all() {
        return Namespace.listAll();
    }

    @Override
    public NamespaceSpec spec(Namespace n) {
        return new NamespaceSpec(n.name, n.clientProfiles.stream().map(ClientProfile::valueOf).toList(), n.servers,
                n.services.stream().map(ServiceKind::valueOf).toList());
    }

    @Override
    public NamespaceSpec prepare(NamespaceSpec spec, Optional<Namespace> existing) {
        references.requireServers(spec.servers(), "namespace " + spec.name());
        return spec;
    }

    @Override
    public Namespace create() {
        return new Namespace();
    }

    @Override
    public void apply(NamespaceSpec spec, Namespace namespace) {
        namespace.name = spec.name();
        namespace.clientProfiles = spec.clientProfiles().stream().map(Enum::name).toList();
        namespace.servers = spec.servers();
        namespace.services = spec.services().stream().map(Enum::name).toList();
        namespace.persist();
    }

    @Override
    public Set<UUID> affected(NamespaceSpec before, NamespaceSpec after) {
        Set<UUID> affected = references.certificatesOfServers(before == null ? List.of() : before.servers());
        affected.addAll(references.certificatesOfServers(after == null ? List.of() : after.servers()));
        return affected;
    }
}
