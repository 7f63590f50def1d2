package io.certlife.notifier;

/** The channels a message can travel by. EMAIL recipients are addresses; the others name a configured endpoint. */
public enum ChannelType {
    EMAIL, SLACK, TEAMS, WEBHOOK;

    /** Webhooks feed machines: they get every event as it happens, never a digest. */
    public boolean digestible() {
        return this != WEBHOOK;
    }
}
