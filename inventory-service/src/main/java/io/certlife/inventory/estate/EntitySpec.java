package io.certlife.inventory.estate;

import io.certlife.events.EstateEntity;

/** An estate entity as the API reads and writes it, and as {@code TopologyChanged} announces it (its snapshot). */
public interface EntitySpec {

    /** The entity as the event contract describes it. */
    EstateEntity snapshot();
}
