package io.certlife.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import java.io.Serializable;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One estate entity (TEAM, SITE, SERVER, BINDING, NAMESPACE, PUBLISHING_RULE) as inventory last described it. */
@Entity
public class EstateEntry extends PanacheEntityBase {

    /** The entity kind and inventory's id for it. */
    @Embeddable
    public record Key(String entity, String entityId) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode body;
    public Instant updatedAt;
}
