package io.certlife.events;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 envelope in JSON structured mode: the context attributes certlife uses and a
 * versioned {@link EventData} payload whose class is fixed by {@link #type()}.
 */
public record CloudEvent<T extends EventData>(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";
    /** The Kafka header that marks a record as a structured-mode CloudEvent. */
    public static final String CONTENT_TYPE_HEADER = "content-type";
    /** Content type of a whole structured-mode event, as set in the Kafka {@code content-type} header. */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        if (!EventType.of(data).type().equals(type)) {
            throw new IllegalArgumentException("type " + type + " does not match data " + data.getClass().getSimpleName());
        }
    }

    /**
     * A new event with a random id, stamped with the clock's current time (millisecond precision).
     *
     * @param source  URI reference of the producing service, e.g. {@code /certlife/inventory}
     * @param subject what the event is about within the source, typically a certificate or renewal id
     */
    public static <T extends EventData> CloudEvent<T> create(String source, String subject, T data, Clock clock) {
        return new CloudEvent<>(SPEC_VERSION, UUID.randomUUID().toString(), source, EventType.of(data).type(),
                subject, clock.instant().truncatedTo(ChronoUnit.MILLIS), JSON, data);
    }

    public EventType eventType() {
        return EventType.of(data);
    }
}
