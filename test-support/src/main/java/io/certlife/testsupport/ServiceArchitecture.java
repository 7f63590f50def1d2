package io.certlife.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The rules every certlife service keeps (CONVENTIONS.md), checked by each service's {@code ArchitectureTest} against
 * its main classes. Plain ArchUnit in a JUnit Jupiter test: ArchUnit's own JUnit engines run nothing under surefire
 * with JUnit 6, and say nothing about it.
 */
public final class ServiceArchitecture {

    public static final ArchRule BOUNCY_CASTLE_ONLY_IN_PKI = noClasses().that().resideOutsideOfPackage("..pki..")
            .should().dependOnClassesThat().resideInAPackage("org.bouncycastle..")
            .because("the pki package is the crypto façade: one place that wraps Bouncy Castle");

    public static final ArchRule HTTP_ONLY_IN_REST = noClasses().that().resideOutsideOfPackage("..rest..")
            .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..")
            .because("services throw the service's Refusal; rest/ alone speaks HTTP");

    public static final ArchRule NO_TEST_SUPPORT_IN_MAIN = noClasses()
            .should().dependOnClassesThat().resideInAPackage("io.certlife.testsupport..")
            .because("test-support is test scope only: what runs in production lives in a module named for it");

    public static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.certlife.*.(*)..").should().beFreeOfCycles()
            .because("a newcomer finds a behaviour in two hops only if packages depend one way");

    private ServiceArchitecture() {
    }

    /** Every rule, for a parameterized test. */
    public static List<ArchRule> rules() {
        return List.of(BOUNCY_CASTLE_ONLY_IN_PKI, HTTP_ONLY_IN_REST, NO_TEST_SUPPORT_IN_MAIN, NO_PACKAGE_CYCLES);
    }

    /** The main (not test) classes of a service's root package. */
    public static JavaClasses mainClasses(String rootPackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(rootPackage);
    }
}
