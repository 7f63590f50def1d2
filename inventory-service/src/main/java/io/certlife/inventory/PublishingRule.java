package io.certlife.inventory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An ISA web publishing rule: ISA server + web listener + public host name, forwarding to CAS servers. */
@Entity
public class PublishingRule extends PanacheEntityBase {
    @Id
    public UUID id;
    public String isaServer;
    public String webListener;
    public String publicHostName;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> casServers;
}
