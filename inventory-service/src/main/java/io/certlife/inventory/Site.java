package io.certlife.inventory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An Active Directory site, with the IANA time zone its maintenance windows and digests use. */
@Entity
public class Site extends PanacheEntityBase {
    @Id
    public String name;
    public String timeZone;
    public String owner;
}
