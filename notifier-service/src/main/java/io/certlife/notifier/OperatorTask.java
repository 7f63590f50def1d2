package io.certlife.notifier;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A step a machine cannot do, with exact instructions, tracked until done. */
@Entity
public class OperatorTask extends PanacheEntityBase {

    /** What the operator has to do; the first two put a certificate on a server, where discovery can see it served. */
    public enum Kind {
        ISA_EXPORT, EXCHANGE_ENABLE, EDGESYNC_RESUBSCRIBE,
        /** Make the new key on the server and hand its CSR to certlife (custody ON_SERVER); done once it is issued. */
        SERVER_CSR,
        /** Create the dns-01 TXT records of an ACME order in a zone certlife may not write; done once it is issued. */
        DNS_RECORD;

        /** Whether "done" is checked by probing the task's slots (VERIFYING until the new certificate is seen served). */
        public boolean verifiable() {
            return this == ISA_EXPORT || this == EXCHANGE_ENABLE;
        }
    }

    /**
     * OPEN -> IN_PROGRESS -> VERIFYING (marked done, waiting to be seen served) -> DONE; a probe that sees another
     * certificate moves it back to IN_PROGRESS. CLOSED_UNVERIFIED: closed without being seen served, with a reason.
     * FAILED and CANCELLED as before; a task that cannot be verified goes from IN_PROGRESS to DONE directly.
     */
    public enum State {
        OPEN, IN_PROGRESS, VERIFYING, DONE, CLOSED_UNVERIFIED, FAILED, CANCELLED;

        public boolean canMoveTo(State next) {
            return switch (this) {
                case OPEN -> next == IN_PROGRESS || next == CANCELLED;
                case IN_PROGRESS, VERIFYING -> next == VERIFYING || next == DONE || next == CLOSED_UNVERIFIED
                        || next == FAILED || next == CANCELLED || (this == VERIFYING && next == IN_PROGRESS);
                case DONE, CLOSED_UNVERIFIED, FAILED, CANCELLED -> false;
            };
        }

        public boolean isFinal() {
            return this == DONE || this == CLOSED_UNVERIFIED || this == FAILED || this == CANCELLED;
        }
    }

    /** The PFX export a task needs (the key certlife made, delivered to the server): PENDING (to request), DELIVERED, or BLOCKED (note says why). */
    public enum ExportState { PENDING, DELIVERED, BLOCKED }

    @Id
    public UUID id;
    public String dedupeKey;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    public String title;
    public String server;
    public String certificateId;
    public String replacesCertificateId;
    public String thumbprint;
    public String assignee;
    public Instant dueAt;
    /** The maintenance window of the server's site the task is planned into (null: its site has none, or none fits). */
    public Instant windowStart;
    public Instant windowEnd;
    @Enumerated(EnumType.STRING)
    public State state;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> steps;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> checks;
    public String exportProfile;
    @Enumerated(EnumType.STRING)
    public ExportState exportState;
    public int exportAttempts;
    public Instant exportNextAttemptAt;
    public String exportNote;
    public String note;
    public String sourceEventId;
    public Instant overdueAlertedAt;
    /** A probe of the task's slots is due (set when it is marked done). */
    public Instant verifyRequestedAt;
    public Instant createdAt;
    public Instant updatedAt;
}
