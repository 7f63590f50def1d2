package io.certlife.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.certlife.notifier.HttpReceiver;
import io.certlife.notifier.NotifierSinks;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Chat and webhook posts go through the outbound guard: an endpoint in a denied network (the test configuration denies
 * 127.0.0.2) fails for good with the guard's reason, naming neither the URL's path nor sending anything; an allowed
 * one is posted to.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
@WithTestResource(NotifierSinks.class)
class OutboundGuardDeliveryTest {

    @Inject
    JsonPost post;

    @NotifierSinks.Sink
    HttpReceiver http;

    @Test
    void anEndpointInADeniedNetworkIsRefusedForGoodAndAnAllowedOneIsPosted() throws Exception {
        String allowed = http.url("/hooks/guarded");
        String denied = allowed.replace("127.0.0.1", "127.0.0.2").replace("localhost", "127.0.0.2");
        assertThat(denied).contains("127.0.0.2");
        byte[] body = "{\"text\":\"hello\"}".getBytes(StandardCharsets.UTF_8);

        DeliveryFailure refused = catchThrowableOfType(DeliveryFailure.class,
                () -> post.post("guarded", denied + "/secret-path", "application/json", body, Map.of()));
        assertThat(refused.reason()).isEqualTo(DeliveryFailure.Reason.DESTINATION_REFUSED);
        assertThat(refused.isTransient()).isFalse();
        assertThat(refused.getMessage()).contains("127.0.0.2").contains("certlife.outbound.deny").doesNotContain("secret-path");

        post.post("guarded", allowed, "application/json", body, Map.of());
        assertThat(http.requests("/hooks/guarded")).hasSize(1);
    }
}
