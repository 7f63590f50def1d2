package io.certlife.inventory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A team that owns sites or servers; alerts and tasks are routed to owners. */
@Entity
public class Team extends PanacheEntityBase {
    @Id
    public String name;
    public String email;
    public String chatChannel;
}
