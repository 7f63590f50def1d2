package io.certlife.notifier;

import io.certlife.notifier.ChannelType;
import io.certlife.notifier.channel.Message;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One line of the delivery ledger: a message for one recipient on one channel, caused by one event. The
 * unique (event, channel, recipient) key is what makes a redelivered event send nothing twice. Updates write only the
 * columns that changed: recording a send must not write the message (a JSON document) back each time.
 */
@Entity
@DynamicUpdate
public class Delivery extends PanacheEntityBase {

    /** Why the message exists. */
    public enum Kind { ALERT, RESOLVED, TASK }

    /** PENDING (waiting, maybe for a digest or a retry), SENDING (leased by a dispatcher), then SENT, FAILED or CANCELLED. */
    public enum Status { PENDING, SENDING, SENT, FAILED, CANCELLED }

    @Id
    public UUID id;
    public String sourceEventId;
    @Enumerated(EnumType.STRING)
    public ChannelType channel;
    public String recipient;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    public UUID alertId;
    public UUID taskId;
    @Enumerated(EnumType.STRING)
    public Status status;
    public boolean digest;
    /** The route (owner, channel, recipient) whose due alerts go out together; null for a message that goes alone. */
    public String groupKey;
    /** The message this line was sent in (its own id when it went alone; shared by the lines of a group or digest). */
    public UUID messageId;
    public int attempts;
    public Instant nextAttemptAt;
    public Instant leaseUntil;
    /** The dispatcher round holding the lease of a SENDING delivery: only it records the outcome. */
    public UUID leaseToken;
    public String lastError;
    @JdbcTypeCode(SqlTypes.JSON)
    public Message message;
    public Instant createdAt;
    public Instant sentAt;
}
