package io.certlife.notifier.channel;

import io.certlife.notifier.ChannelType;

/** A way to reach people. Implementations throw {@link DeliveryFailure}, transient or permanent, and nothing else. */
public interface Channel {

    ChannelType type();

    /**
     * @param recipient an address (EMAIL) or a configured endpoint name
     * @param message   what to say
     */
    void send(String recipient, Message message) throws DeliveryFailure;
}
