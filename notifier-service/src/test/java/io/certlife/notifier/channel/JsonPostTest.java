package io.certlife.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonPostTest {

    @Test
    void retryAfterInSecondsIsHonouredAndOtherFormsFallBack() {
        assertThat(JsonPost.retryAfter(Optional.of("120"))).contains(Duration.ofMinutes(2));
        assertThat(JsonPost.retryAfter(Optional.of("Wed, 21 Oct 2026 07:28:00 GMT"))).isEmpty();
        assertThat(JsonPost.retryAfter(Optional.empty())).isEmpty();
    }
}
