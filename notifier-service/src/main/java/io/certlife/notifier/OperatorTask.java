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

    /** What the operator has to do. */
    public enum Kind { ISA_EXPORT, EXCHANGE_ENABLE, EDGESYNC_RESUBSCRIBE }

    /** OPEN -> IN_PROGRESS -> DONE / FAILED / CANCELLED; an open task may also be cancelled. */
    public enum State {
        OPEN, IN_PROGRESS, DONE, FAILED, CANCELLED;

        public boolean canMoveTo(State next) {
            return switch (this) {
                case OPEN -> next == IN_PROGRESS || next == CANCELLED;
                case IN_PROGRESS -> next == DONE || next == FAILED || next == CANCELLED;
                case DONE, FAILED, CANCELLED -> false;
            };
        }

        public boolean isFinal() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }
    }

    /** The PFX export an ISA task needs: PENDING (to request), DELIVERED, or BLOCKED (note says why). */
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
    public Instant createdAt;
    public Instant updatedAt;
}
