package io.certlife.inventory;

import io.certlife.events.KeyCustody;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * A binding slot: the certificate intended to serve one service on one server. Alerts, dedupe and tasks
 * key on the slot, so a replaced certificate resolves its alerts.
 */
@Entity
public class Slot extends PanacheEntityBase {

    /** (server, service). */
    @Embeddable
    public record Key(String serverFqdn, String service) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    public UUID certificateId;
    /** A replacement issued for this slot, intended once discovery sees it served. */
    public UUID pendingCertificateId;
    public Long renewBeforeSeconds;
    public boolean retired;
    /** The port discovery probes instead of the service's standard one; null for the standard port. */
    public Integer port;
    /** Where a renewal makes the new key: CENTRAL (certlife, delivered by the task) or ON_SERVER (the server). */
    @Enumerated(EnumType.STRING)
    public KeyCustody keyCustody;

    public static List<Slot> ofCertificate(UUID certificateId) {
        return ofCertificates(List.of(certificateId));
    }

    /** The slots of any of the certificates, as the one intended or as the pending replacement, in one query. */
    public static List<Slot> ofCertificates(Collection<UUID> certificateIds) {
        return certificateIds.isEmpty() ? List.of() : list("certificateId in ?1 or pendingCertificateId in ?1", certificateIds);
    }

    public static List<Slot> ofServer(String fqdn) {
        return list("key.serverFqdn", fqdn);
    }
}
