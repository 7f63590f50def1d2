package io.certlife.inventory;

import io.certlife.events.MaintenanceWindow;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An Active Directory site, with the IANA time zone its maintenance windows and digests use. */
@Entity
public class Site extends PanacheEntityBase {
    @Id
    public String name;
    public String timeZone;
    public String owner;
    /** When its servers may be changed (activating a replacement), in {@link #timeZone}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<MaintenanceWindow> maintenanceWindows;
}
