package io.certlife.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import io.certlife.testsupport.ServiceArchitecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** notifier-service keeps the rules every service keeps ({@link ServiceArchitecture}). */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = ServiceArchitecture.mainClasses("io.certlife.notifier");
        assertThat(main.contain(Refusal.class)).as("the service's main classes were imported").isTrue();
    }

    @ParameterizedTest
    @MethodSource("io.certlife.testsupport.ServiceArchitecture#rules")
    void keeps(ArchRule rule) {
        rule.check(main);
    }
}
