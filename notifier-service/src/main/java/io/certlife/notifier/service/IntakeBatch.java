package io.certlife.notifier.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certlife.events.CloudEvent;
import io.certlife.events.SlotRef;
import io.certlife.notifier.Alert;
import io.certlife.notifier.AlertKind;
import io.certlife.notifier.CertificateState;
import io.certlife.notifier.ChannelType;
import io.certlife.notifier.estate.TransactionMemo;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run of events in one transaction needs from the database, read in a few queries instead of several per event:
 * the state rows of the certificates the expiry notices and due renewals name (made when missing), all of those
 * certificates' alerts, and the ledger lines of the events. A burst (the first sweep after an import, a mass revocation) is almost all expiry
 * notices. While the run is applied, raising an alert for one of these certificates and queuing a ledger line of one of
 * these events look here (and note what they add) rather than asking the database; anything else asks as before. The
 * entities stay managed for the run, which the caller then flushes and clears.
 */
final class IntakeBatch {

    /** The kinds whose alert identity (dedupe key) contains the certificate id, so that its alerts are all of them. */
    private static final Set<AlertKind> KEYED_BY_CERTIFICATE = EnumSet.of(AlertKind.CERTIFICATE_EXPIRING, AlertKind.CERTIFICATE_EXPIRED);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<Alert>> alerts = new HashMap<>();
    private final Set<String> events = new HashSet<>();
    private final Set<String> lines = new HashSet<>();

    private IntakeBatch() {
    }

    /** What an event says of its certificate: the state row it makes when the row is missing. */
    record Note(String certificateId, String subject, String thumbprint, Instant notAfter, List<SlotRef> slots) {
    }

    /**
     * Reads what these events need and keeps it for the transaction until {@link #close}. A certificate's missing state row
     * is made from the first of {@code notes} about it, so that noting it then changes nothing and writes nothing.
     */
    static IntakeBatch open(List<CloudEvent<?>> run, List<Note> notes, EntityManager entityManager, TransactionMemo memo,
                            Instant now) {
        IntakeBatch batch = new IntakeBatch();
        Map<String, Note> first = new LinkedHashMap<>();
        notes.forEach(note -> first.putIfAbsent(note.certificateId(), note));
        List<String> certificates = List.copyOf(first.keySet());
        if (!certificates.isEmpty()) {
            // both topics' consumers may make a row at once: whoever comes second takes the first one's row
            entityManager.createNativeQuery("""
                            insert into {h-schema}certificate_state (certificate_id, subject, thumbprint, not_after, slots, updated_at)
                            select n.id, n.subject, n.thumbprint, cast(n.not_after as timestamptz), cast(n.slots as jsonb), ?6
                            from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]),
                                        cast(?5 as text[])) as n(id, subject, thumbprint, not_after, slots)
                            on conflict do nothing""")
                    .setParameter(1, certificates.toArray(String[]::new))
                    .setParameter(2, first.values().stream().map(Note::subject).toArray(String[]::new))
                    .setParameter(3, first.values().stream().map(Note::thumbprint).toArray(String[]::new))
                    .setParameter(4, first.values().stream().map(n -> n.notAfter().toString()).toArray(String[]::new))
                    .setParameter(5, first.values().stream().map(n -> slotsJson(n.slots())).toArray(String[]::new))
                    .setParameter(6, now).executeUpdate();
            // read into the session, where EventIntake's findById finds them without asking the database again
            CertificateState.list("certificateId in ?1", certificates);
            certificates.forEach(id -> batch.alerts.put(id, new ArrayList<>()));
            Alert.<Alert>list("certificateId in ?1", certificates).forEach(a -> batch.alerts.get(a.certificateId).add(a));
        }
        run.forEach(e -> batch.events.add(e.id()));
        entityManager.createQuery("select d.sourceEventId, d.channel, d.recipient from Delivery d where d.sourceEventId in ?1",
                        Object[].class).setParameter(1, batch.events).getResultList()
                .forEach(line -> batch.lines.add(line((String) line[0], (ChannelType) line[1], (String) line[2])));
        memo.put(IntakeBatch.class, batch);
        return batch;
    }

    /** The slots column's JSON, as the entity's mapping writes it. */
    private static String slotsJson(List<SlotRef> slots) {
        try {
            return JSON.writeValueAsString(slots);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("slots not writable as JSON", e);
        }
    }

    /** This transaction's open batch, or null. */
    static IntakeBatch current(TransactionMemo memo) {
        return memo.peek(IntakeBatch.class);
    }

    void close(TransactionMemo memo) {
        memo.forget(IntakeBatch.class);
    }

    /** Every alert of this certificate, or null when the batch did not read them. */
    List<Alert> alerts(String certificateId) {
        return certificateId == null ? null : alerts.get(certificateId);
    }

    /** Whether the batch can say which alert has this identity: one of its certificates' expiry alerts. */
    boolean knowsIdentity(AlertKind kind, String certificateId) {
        return KEYED_BY_CERTIFICATE.contains(kind) && alerts(certificateId) != null;
    }

    /** Notes a new alert of one of the batch's certificates. */
    void raised(Alert alert) {
        List<Alert> known = alerts(alert.certificateId);
        if (known != null) {
            known.add(alert);
        }
    }

    /** Whether the batch read this event's ledger lines. */
    boolean knowsLinesOf(String sourceEventId) {
        return events.contains(sourceEventId);
    }

    /** Notes a ledger line of one of the batch's events; returns false when it was there already. */
    boolean addLine(String sourceEventId, ChannelType channel, String recipient) {
        return lines.add(line(sourceEventId, channel, recipient));
    }

    private static String line(String sourceEventId, ChannelType channel, String recipient) {
        return sourceEventId + "|" + channel.name() + "|" + recipient;
    }
}
