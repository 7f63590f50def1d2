package io.certlife.inventory;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;

/** What discovery last saw at one endpoint: the certificate it served (SHA-1 thumbprint) or why it could not tell. */
@Entity
public class Observation extends PanacheEntityBase {

    @Id
    public String endpoint;
    /** The slot's server and service when the endpoint is a slot's; null for a target or CIDR probe. */
    public String server;
    public String service;
    public String thumbprintSha1;
    public String error;
    public Instant observedAt;
}
