package io.certlife.notifier.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.certlife.notifier.NotifierSinks;
import io.certlife.testsupport.CertlifeInfrastructure;
import io.certlife.testsupport.EndpointAccess;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every REST operation of notifier-service declares its role, and the running service enforces it: anonymous 401,
 * each role without the right 403 naming the role needed, a role with it neither. The operations are found by walking
 * the JAX-RS resources, so a new one is in this table the day it is written.
 */
@QuarkusTest
@WithTestResource(CertlifeInfrastructure.class)
@WithTestResource(NotifierSinks.class)
class AccessTest {

    private static final List<EndpointAccess.Operation> OPERATIONS = EndpointAccess.operations("io.certlife.notifier");

    @Test
    void everyOperationDeclaresWhoMayCallIt() {
        assertThat(EndpointAccess.undeclared(OPERATIONS)).as("operations without @RolesAllowed or @PermitAll").isEmpty();
        assertThat(EndpointAccess.unaudited(OPERATIONS)).as("changing operations of resources that are not @Audited").isEmpty();
    }

    static Stream<EndpointAccess.Operation> guarded() {
        return OPERATIONS.stream().filter(operation -> !operation.permitAll());
    }

    @ParameterizedTest
    @MethodSource("guarded")
    void refusesTheAnonymousAndTheRolesWithoutTheRight(EndpointAccess.Operation operation) {
        EndpointAccess.assertEnforced(operation);
    }
}
