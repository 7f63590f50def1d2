package io.certlife.inventory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A server of the estate with the roles it holds (names of {@link io.certlife.inventory.policy.Role}). */
@Entity
public class Server extends PanacheEntityBase {
    @Id
    public String fqdn;
    public String hostName;
    @Column(name = "site_name")
    public String site;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> roles;
    public boolean internetFacing;
    public String os;
    public String owner;
    /** Where discovery connects instead of the FQDN (an IP or another name); null to use the FQDN. */
    public String address;
}
