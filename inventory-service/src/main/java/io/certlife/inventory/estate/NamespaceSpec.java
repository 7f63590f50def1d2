package io.certlife.inventory.estate;

import io.certlife.events.EstateEntity;
import io.certlife.events.ServiceKind;
import io.certlife.inventory.policy.ClientProfile;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A client namespace, the client profiles that use it, and the servers and services that answer for it. */
public record NamespaceSpec(
        @NotBlank @Size(max = 253) String name,
        @NotNull List<ClientProfile> clientProfiles,
        @NotNull List<String> servers,
        @NotNull List<ServiceKind> services) implements EntitySpec {

    public NamespaceSpec {
        name = name == null ? null : name.toLowerCase();
        servers = servers == null ? null : servers.stream().map(String::toLowerCase).toList();
    }

    @Override
    public EstateEntity.Namespace snapshot() {
        return new EstateEntity.Namespace(name, clientProfiles.stream().map(Enum::name).toList(), servers, services);
    }
}
