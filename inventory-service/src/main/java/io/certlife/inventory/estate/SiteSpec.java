package io.certlife.inventory.estate;

import io.certlife.events.EstateEntity;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** An Active Directory site; {@code timeZone} is an IANA zone id such as Europe/Berlin. */
public record SiteSpec(@NotBlank @Size(max = 100) String name, @NotBlank String timeZone, String owner)
        implements EntitySpec {

    @Override
    public EstateEntity.Site snapshot() {
        return new EstateEntity.Site(name, timeZone, owner);
    }
}
