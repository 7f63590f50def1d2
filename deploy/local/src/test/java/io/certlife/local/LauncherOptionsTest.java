package io.certlife.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What the launcher's options give every service. */
class LauncherOptionsTest {

    @Test
    void servicesListenOnLoopbackAndAcceptNoProviderTokensUnlessTold() {
        Launcher launcher = new Launcher();
        new CommandLine(launcher).parseArgs();
        assertThat(launcher.environment()).containsEntry("QUARKUS_HTTP_HOST", "127.0.0.1")
                .doesNotContainKey("QUARKUS_OIDC_TENANT_ENABLED");
    }

    @Test
    void anOidcIssuerTurnsProviderTokensOnWithItsAudienceAndRoleClaim() {
        Launcher launcher = new Launcher();
        new CommandLine(launcher).parseArgs("--oidc-issuer", "https://idp.contoso.test/realms/ops", "--oidc-role-claim", "roles");
        assertThat(launcher.environment()).containsEntry("QUARKUS_OIDC_TENANT_ENABLED", "true")
                .containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", "https://idp.contoso.test/realms/ops")
                .containsEntry("QUARKUS_OIDC_TOKEN_AUDIENCE", "certlife")
                .containsEntry("QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH", "roles");
    }
}
