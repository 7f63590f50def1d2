package io.certlife.console;

import java.time.Instant;
import java.util.List;

/**
 * A signed-in user: the API token the services know them by, their name and certlife roles (as the services told the
 * console at sign-in), and when the sign-in ends. Kept only in the user's browser, sealed ({@link SessionSeal}).
 */
public record Session(String token, String name, List<String> roles, Instant expiresAt) implements SessionSeal.Sealable {

    public boolean may(String role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return "Session[name=" + name + ", roles=" + roles + ", expiresAt=" + expiresAt + "]";
    }
}
