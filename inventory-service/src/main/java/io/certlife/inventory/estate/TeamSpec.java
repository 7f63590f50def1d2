package io.certlife.inventory.estate;

import io.certlife.events.EstateEntity;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A team that owns sites or servers. */
public record TeamSpec(@NotBlank @Size(max = 100) String name, @Email String email, @Size(max = 200) String chatChannel)
        implements EntitySpec {

    @Override
    public EstateEntity.Team snapshot() {
        return new EstateEntity.Team(name, email, chatChannel);
    }
}
