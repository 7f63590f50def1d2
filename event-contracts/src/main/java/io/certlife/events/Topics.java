package io.certlife.events;

import java.util.List;

/**
 * Kafka topic names. Each service publishes all its events on one topic, keyed by the event subject,
 * so that the events of one certificate or renewal stay in order. Each consuming service has its own
 * dead-letter topic for records it cannot read.
 */
public final class Topics {
    public static final String INVENTORY_EVENTS = "certlife.inventory.events";
    public static final String RENEWAL_EVENTS = "certlife.renewal.events";
    public static final String NOTIFIER_EVENTS = "certlife.notifier.events";
    /** Every service's audit records, for a SIEM to subscribe to. */
    public static final String AUDIT_EVENTS = "certlife.audit.events";

    public static final String INVENTORY_DEAD_LETTER = "certlife.inventory.dead-letter";
    public static final String RENEWAL_DEAD_LETTER = "certlife.renewal.dead-letter";
    public static final String NOTIFIER_DEAD_LETTER = "certlife.notifier.dead-letter";

    /** Every topic the system uses, for provisioning. */
    public static final List<String> ALL = List.of(INVENTORY_EVENTS, RENEWAL_EVENTS, NOTIFIER_EVENTS, AUDIT_EVENTS,
            INVENTORY_DEAD_LETTER, RENEWAL_DEAD_LETTER, NOTIFIER_DEAD_LETTER);

    private Topics() {
    }
}
