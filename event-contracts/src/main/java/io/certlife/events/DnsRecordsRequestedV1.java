package io.certlife.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An ACME renewal whose names lie in a zone certlife may not write (solver MANUAL) needs an operator to create these
 * TXT records; certlife tells the CA to look once every authoritative server of the zone answers with them, and gives
 * up on this order at {@code until}. The records can be removed once the certificate is issued.
 */
public record DnsRecordsRequestedV1(
        String renewalId,
        String certificateId,
        List<TxtRecord> records,
        Instant until) implements EventData {

    /** One record: {@code name} (an {@code _acme-challenge} name, without the trailing dot) in {@code zone}, of TXT {@code value}. */
    public record TxtRecord(String zone, String name, String value) {
        public TxtRecord {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public DnsRecordsRequestedV1 {
        Objects.requireNonNull(renewalId, "renewalId");
        records = records == null ? List.of() : List.copyOf(records);
    }
}
