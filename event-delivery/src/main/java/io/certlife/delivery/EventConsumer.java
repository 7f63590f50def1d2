package io.certlife.delivery;

import io.certlife.events.CloudEvent;
import io.certlife.events.EventType;
import java.util.Set;

/**
 * A service's consumer of certlife events: what {@link Inbox} needs to apply an event at most once, named so that a
 * dead letter from one of its topics can be replayed through it ({@link DeadLetters#replay}), with the same dedupe.
 */
public interface EventConsumer {

    /** A stable name of the consuming use-case: the dedupe scope in {@code processed_event}. */
    String name();

    /** The topics it consumes. */
    Set<String> topics();

    /** The event types it acts on; other catalogue types are skipped. */
    Set<EventType> accepted();

    /** The effect, run inside the caller's transaction. */
    void apply(CloudEvent<?> event);
}
