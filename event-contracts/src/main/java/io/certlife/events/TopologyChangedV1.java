package io.certlife.events;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/**
 * The estate changed: {@code entity} is TEAM, SITE, SERVER, NAMESPACE, PUBLISHING_RULE or BINDING and names the
 * {@link EstateEntity} record of {@code before}/{@code after} (absent on create/delete respectively); {@code change}
 * is CREATED, UPDATED or DELETED. {@code affectedCertificateIds} lists the certificates whose planning the change may
 * alter. An entity kind a reader does not know reads as neither before nor after: such a change is ignored.
 */
public record TopologyChangedV1(
        String entity,
        String entityId,
        String change,
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXTERNAL_PROPERTY, property = "entity",
                visible = true) EstateEntity before,
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXTERNAL_PROPERTY, property = "entity",
                visible = true) EstateEntity after,
        List<String> affectedCertificateIds) implements EventData {

    public TopologyChangedV1 {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(change, "change");
        affectedCertificateIds = affectedCertificateIds == null ? List.of() : List.copyOf(affectedCertificateIds);
    }
}
