package io.certlife.notifier.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Production settings for the benchmark (the test profile polls fast and logs more), grouping off: one message per alert. */
public class NotifierBenchmarkProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("certlife.notifier.delivery.poll-interval", "1s", "quarkus.log.category.\"io.certlife\".level", "WARN",
                "certlife.notifier.grouping.group-wait", "0s");
    }
}
