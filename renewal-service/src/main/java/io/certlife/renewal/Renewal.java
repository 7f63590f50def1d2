package io.certlife.renewal;

import io.certlife.events.DriftItem;
import io.certlife.events.KeyCustody;
import io.certlife.events.RenewalDueV1;
import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The renewal of one certificate into its next generation. */
@Entity
public class Renewal extends PanacheEntityBase {

    /**
     * Where the renewal stands. ISSUED: the replacement exists and is being deployed (its tasks are open) until
     * inventory sees it served on every slot (VERIFIED) or reports it overdue (DEPLOY_OVERDUE, which still becomes
     * VERIFIED once it is seen served).
     */
    public enum State { PENDING_APPROVAL, PLANNED, AWAITING_SERVER_CSR, AWAITING_CERTIFICATE, ISSUED, DEPLOY_OVERDUE, VERIFIED, FAILED }

    /** One slot of the replacement: when inventory's discovery saw it served there, null until then. */
    public record SlotDeployment(String server, ServiceKind service, Instant verifiedAt) {
    }

    @Id
    public UUID id;
    public String certificateId;
    public int generation;
    /** The name of the {@link io.certlife.renewal.issuer.Issuer} that issues the replacement. */
    public String issuer;
    public String subject;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> subjectAltNames;
    public String keyAlgorithm;
    public int keySize;
    @Enumerated(EnumType.STRING)
    public State state;
    public Instant createdAt;
    public boolean exportableKey;
    /** Where the new key is made: by renewal-service (CENTRAL) or by the server, which sends its CSR (ON_SERVER). */
    @Enumerated(EnumType.STRING)
    public KeyCustody keyCustody;
    public boolean clientAuth;
    public String failureReason;
    public String failureMessage;
    /** The id of the certificate this renewal made, also bound into its sealed key. */
    public UUID newCertificateId;
    public String certificatePem;
    public Instant issuedAt;
    public String csrPem;
    /** The slots the renewal serves. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<SlotRef> slots;
    /** How the clone differs from current policy and topology, as emitted with RenewalPlanned. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<DriftItem> drift;
    /** Who asked for it now ("renew now"); null when its renewal time came. */
    public String requestedBy;
    public String approvedBy;
    public Instant approvedAt;
    /** The longest validity policy allows the replacement (the public cap), or null. */
    public Integer maxValidityDays;
    /** Self-signed and internal-CA replacements end here when set ("align to"), within the caps. */
    public Instant alignTo;
    /** Failed attempts since the last success; the next attempt waits 1 h x 2^(attempts-1), capped. */
    public int attempts;
    public Instant nextAttemptAt;
    /** When the renewal entered its current state (the condition's transition time). */
    public Instant stateSince;
    /** When RenewalStalled was emitted for the current state, if it was. */
    public Instant stalledAt;
    /** Per slot, whether the replacement was seen served there (from inventory's DeploymentVerified); null before issuance. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<SlotDeployment> deployment;
    /** Per site with maintenance windows, the window the replacement is planned into (none fits: no start). */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<RenewalDueV1.ActivationWindow> activationWindows;

    /** Moves to a state, stamping the transition time only on a real change. */
    public void moveTo(State next, Instant now) {
        if (state != next) {
            state = next;
            stateSince = now;
            stalledAt = null;
        }
    }

    public static Optional<Renewal> find(String certificateId, int generation) {
        return find("certificateId = ?1 and generation = ?2", certificateId, generation).firstResultOptional();
    }
}
