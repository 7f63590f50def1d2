package io.certlife.inventory.estate;

import io.certlife.events.EstateEntity;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import java.util.UUID;

/** An ISA web publishing rule. {@code id} is assigned on creation; the natural key is (ISA server, listener, host name). */
public record PublishingRuleSpec(
        UUID id,
        @NotBlank String isaServer,
        @NotBlank String webListener,
        @NotBlank String publicHostName,
        @NotEmpty List<String> casServers) implements EntitySpec {

    public PublishingRuleSpec {
        isaServer = isaServer == null ? null : isaServer.toLowerCase();
        publicHostName = publicHostName == null ? null : publicHostName.toLowerCase();
        casServers = casServers == null ? null : casServers.stream().map(String::toLowerCase).toList();
    }

    PublishingRuleSpec withId(UUID assigned) {
        return new PublishingRuleSpec(assigned, isaServer, webListener, publicHostName, casServers);
    }

    @Override
    public EstateEntity.PublishingRule snapshot() {
        return new EstateEntity.PublishingRule(id == null ? null : id.toString(), isaServer, webListener, publicHostName,
                casServers);
    }
}
