package io.certlife.inventory.estate;

import io.certlife.events.EstateEntity;
import io.certlife.events.KeyCustody;
import io.certlife.events.ServiceKind;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.UUID;

/**
 * A binding: the certificate intended for a service on a server, named by id or SHA-1 thumbprint (as
 * Exchange shows it), with an optional renewBefore policy for the slot and the port discovery probes when
 * it is not the service's standard one, and where a renewal makes the new key ({@code keyCustody}: CENTRAL when
 * absent; ON_SERVER when the server makes it). A retired slot raises no alerts.
 */
public record SlotSpec(
        @NotBlank String server,
        @NotNull ServiceKind service,
        UUID certificateId,
        String thumbprint,
        UUID pendingCertificateId,
        Duration renewBefore,
        boolean retired,
        @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(65535) Integer port,
        KeyCustody keyCustody) implements EntitySpec {

    public SlotSpec {
        server = server == null ? null : server.toLowerCase();
        keyCustody = keyCustody == null ? KeyCustody.CENTRAL : keyCustody;
        thumbprint = thumbprint == null ? null : thumbprint.replace(" ", "").replace(":", "").toUpperCase();
    }

    @Override
    public EstateEntity.Binding snapshot() {
        return new EstateEntity.Binding(server, service, certificateId == null ? null : certificateId.toString(), thumbprint,
                pendingCertificateId == null ? null : pendingCertificateId.toString(), renewBefore, retired, port, keyCustody);
    }
}
