package io.certlife.inventory.estate;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.certlife.events.EstateEntity;
import io.certlife.events.ServerOs;
import io.certlife.events.ServerRole;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A server: FQDN, host (NetBIOS) name, site, roles, whether the internet reaches it, its OS and owner, and
 * optionally the address discovery connects to instead of the FQDN.
 */
public record ServerSpec(
        @NotBlank @Size(max = 253) String fqdn,
        @Size(max = 63) String hostName,
        @NotBlank String site,
        @NotNull List<ServerRole> roles,
        boolean internetFacing,
        ServerOs os,
        String owner,
        @Size(max = 253) String address) implements EntitySpec {

    public ServerSpec {
        roles = roles == null ? null : List.copyOf(roles);
        os = os == null ? ServerOs.OTHER : os;
        fqdn = fqdn == null ? null : fqdn.toLowerCase();
        hostName = hostName == null || hostName.isBlank()
                ? (fqdn == null ? null : fqdn.split("\\.")[0].toUpperCase()) : hostName;
    }

    /** The PFX profile this server's OS imports; shown (and carried in TopologyChanged) so consumers need not know OS versions. */
    @JsonProperty(access = JsonProperty.Access.READ_ONLY)
    public ServerOs.PfxProfile pfxProfile() {
        return os.pfxProfile();
    }

    @Override
    public EstateEntity.Server snapshot() {
        return new EstateEntity.Server(fqdn, hostName, site, roles, internetFacing, os.name(), owner, address,
                pfxProfile().name());
    }
}
