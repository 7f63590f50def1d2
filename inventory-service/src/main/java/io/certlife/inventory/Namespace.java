package io.certlife.inventory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A name clients connect to (mail.contoso.com, autodiscover.contoso.com, ...), the client profiles that
 * use it, and the servers and services that answer for it.
 */
@Entity
public class Namespace extends PanacheEntityBase {
    @Id
    public String name;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> clientProfiles;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> servers;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> services;
}
