package io.certlife.inventory.estate;

import jakarta.validation.Valid;
import java.util.List;

/**
 * An estate file (JSON or YAML): everything an operator declares, in dependency order. Importing it
 * creates or updates each item; items not in the file are left alone.
 */
public record EstateSpec(
        @Valid List<TeamSpec> teams,
        @Valid List<SiteSpec> sites,
        @Valid List<ServerSpec> servers,
        @Valid List<NamespaceSpec> namespaces,
        @Valid List<PublishingRuleSpec> publishingRules,
        @Valid List<SlotSpec> bindings) {

    public EstateSpec {
        teams = teams == null ? List.of() : teams;
        sites = sites == null ? List.of() : sites;
        servers = servers == null ? List.of() : servers;
        namespaces = namespaces == null ? List.of() : namespaces;
        publishingRules = publishingRules == null ? List.of() : publishingRules;
        bindings = bindings == null ? List.of() : bindings;
    }
}
