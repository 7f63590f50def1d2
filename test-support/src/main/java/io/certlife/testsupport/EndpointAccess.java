package io.certlife.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import io.certlife.access.Roles;
import io.certlife.access.audit.Audited;
import io.restassured.response.Response;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Every REST operation of a service, found by walking its JAX-RS resources (so none can be forgotten), with the roles
 * it declares; and the check that the running service enforces them: anonymous 401 with a challenge, each role
 * without the right 403 naming the role needed, a role with it neither.
 */
public final class EndpointAccess {

    /** One operation: method, a concrete path, the media type it consumes, and what it declares. */
    public record Operation(String httpMethod, String path, String consumes, Set<String> roles, boolean permitAll,
                            boolean audited, String javaMethod) {
        @Override
        public String toString() {
            return httpMethod + " " + path + " (" + javaMethod + ")";
        }
    }

    private static final Map<Class<? extends Annotation>, String> HTTP = Map.of(GET.class, "GET", POST.class, "POST",
            PUT.class, "PUT", DELETE.class, "DELETE", PATCH.class, "PATCH");

    private EndpointAccess() {
    }

    /** The operations of every {@code @Path} resource among a service's main classes. */
    public static List<Operation> operations(String rootPackage) {
        List<Operation> operations = new ArrayList<>();
        List<JavaClass> classes = new ArrayList<>();
        ServiceArchitecture.mainClasses(rootPackage).forEach(classes::add);
        // the access module's operations (the audit trail) are every service's too
        ServiceArchitecture.mainClasses("io.certlife.access").forEach(classes::add);
        for (JavaClass javaClass : classes) {
            if (!javaClass.isAnnotatedWith(Path.class)) {
                continue;
            }
            Class<?> resource = javaClass.reflect();
            for (Method method : resource.getDeclaredMethods()) {
                HTTP.entrySet().stream().filter(e -> method.isAnnotationPresent(e.getKey())).findFirst()
                        .ifPresent(http -> operations.add(operation(resource, method, http.getValue())));
            }
        }
        operations.sort(Comparator.comparing(Operation::path).thenComparing(Operation::httpMethod));
        assertThat(operations).as("REST operations found in " + rootPackage).isNotEmpty();
        return operations;
    }

    private static Operation operation(Class<?> resource, Method method, String httpMethod) {
        String path = ("/" + resource.getAnnotation(Path.class).value() + "/"
                + (method.isAnnotationPresent(Path.class) ? method.getAnnotation(Path.class).value() : ""))
                .replaceAll("/+", "/");
        for (Parameter parameter : method.getParameters()) {
            PathParam param = parameter.getAnnotation(PathParam.class);
            if (param != null) {
                path = path.replace("{" + param.value() + "}", example(parameter.getType()));
            }
        }
        path = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Consumes consumes = method.isAnnotationPresent(Consumes.class) ? method.getAnnotation(Consumes.class)
                : resource.getAnnotation(Consumes.class);
        RolesAllowed roles = method.isAnnotationPresent(RolesAllowed.class) ? method.getAnnotation(RolesAllowed.class)
                : resource.getAnnotation(RolesAllowed.class);
        return new Operation(httpMethod, path, consumes == null ? "application/json" : consumes.value()[0],
                roles == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(roles.value())),
                method.isAnnotationPresent(PermitAll.class), resource.isAnnotationPresent(Audited.class),
                resource.getSimpleName() + "." + method.getName());
    }

    private static String example(Class<?> type) {
        if (type.isEnum()) {
            return type.getEnumConstants()[0].toString();
        }
        return type == UUID.class ? new UUID(0, 0).toString() : type == long.class ? "0" : "access-check";
    }

    /** Operations that declare neither roles nor that everyone may call them. */
    public static List<Operation> undeclared(List<Operation> operations) {
        return operations.stream().filter(o -> o.roles().isEmpty() && !o.permitAll()).toList();
    }

    /** The operations that may change something but whose resource is not {@link Audited}: none may be. */
    public static List<Operation> unaudited(List<Operation> operations) {
        return operations.stream().filter(o -> !o.httpMethod().equals("GET") && !o.audited()).toList();
    }

    /**
     * Calls the operation anonymously and with each role's token, and asserts what the service answers: 401 with a
     * challenge, 403 naming the roles needed for a role that does not have it, neither for one that does.
     */
    public static void assertEnforced(Operation operation) {
        Response anonymous = call(operation, null);
        assertThat(anonymous.statusCode()).as(operation + " called anonymously").isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).as(operation + " challenge").startsWith("Bearer");
        for (String role : Roles.ALL) {
            // every certlife identity also holds viewer
            boolean allowed = operation.roles().contains(role) || operation.roles().contains(Roles.VIEWER);
            Response response = call(operation, role);
            if (allowed) {
                assertThat(response.statusCode()).as(operation + " called as " + role).isNotIn(401, 403);
            } else {
                assertThat(response.statusCode()).as(operation + " called as " + role).isEqualTo(403);
                assertThat(response.jsonPath().getString("detail")).as(operation + " names the role it needs")
                        .contains(operation.roles().iterator().next());
            }
        }
    }

    private static Response call(Operation operation, String token) {
        var request = TestTokens.as(token);
        if (!operation.httpMethod().equals("GET") && !operation.httpMethod().equals("DELETE")) {
            request.contentType(operation.consumes()).body(operation.consumes().contains("json") ? "{}".getBytes() : new byte[] {'-'});
        }
        return request.request(operation.httpMethod(), operation.path());
    }
}
