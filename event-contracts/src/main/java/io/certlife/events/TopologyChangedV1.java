package io.certlife.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * The estate changed: {@code entity} is SITE, SERVER, ROLE, BINDING, NAMESPACE or PUBLISHING_RULE,
 * {@code change} is CREATED, UPDATED or DELETED; {@code before}/{@code after} are the entity's API
 * representation (absent on create/delete respectively). {@code affectedCertificateIds} lists the
 * certificates whose planning the change may alter.
 */
public record TopologyChangedV1(
        String entity,
        String entityId,
        String change,
        JsonNode before,
        JsonNode after,
        List<String> affectedCertificateIds) implements EventData {

    public TopologyChangedV1 {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(change, "change");
        affectedCertificateIds = affectedCertificateIds == null ? List.of() : List.copyOf(affectedCertificateIds);
    }
}
