package io.certlife.inventory.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Production-sized settings for the benchmarks (the test profile pages small to exercise paging). */
public class BenchmarkProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("certlife.expiry.page-size", "500", "certlife.import.page-size", "1000", "certlife.metrics.refresh", "1h",
                "quarkus.log.category.\"io.certlife\".level", "WARN");
    }
}
