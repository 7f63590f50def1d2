package io.certlife.access;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The certlife roles of an identity, whoever authenticated it: an identity provider's roles become certlife roles by
 * {@code certlife.access.role-mapping}, and every identity that holds any certlife role also holds {@link Roles#VIEWER}.
 */
@ApplicationScoped
public class CertlifeRoles implements SecurityIdentityAugmentor {

    @Inject
    AccessConfig config;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        Set<String> roles = new LinkedHashSet<>();
        for (String role : identity.getRoles()) {
            if (Roles.ALL.contains(role)) {
                roles.add(role);
            }
            roles.addAll(config.roleMapping().getOrDefault(role, List.of()));
        }
        if (roles.isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        roles.add(Roles.VIEWER);
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRoles(roles).build());
    }
}
