package io.certlife.inventory.estate;

import io.certlife.events.EstateEntity;
import io.certlife.events.MaintenanceWindow;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * An Active Directory site; {@code timeZone} is an IANA zone id such as Europe/Berlin, which its maintenance windows
 * (weekly {@code {"day": "SATURDAY", "start": "22:00", "length": "PT6H"}} or once {@code {"date": "2026-12-24", ...}})
 * are in.
 */
public record SiteSpec(@NotBlank @Size(max = 100) String name, @NotBlank String timeZone, String owner,
                       @Size(max = 100) List<MaintenanceWindow> maintenanceWindows) implements EntitySpec {

    public SiteSpec {
        maintenanceWindows = maintenanceWindows == null ? List.of() : List.copyOf(maintenanceWindows);
    }

    @Override
    public EstateEntity.Site snapshot() {
        return new EstateEntity.Site(name, timeZone, owner, maintenanceWindows);
    }
}
