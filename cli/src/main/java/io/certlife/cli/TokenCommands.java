package io.certlife.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "tokens", description = "API tokens for automation (admin): valid at every service, kept by inventory-service.")
final class TokenCommands {

    static final Output.Column[] COLUMNS = {Output.col("ID", "id"), Output.col("NAME", "name"), Output.col("ROLES", "roles"),
            Output.col("EXPIRES", "expiresAt"), Output.col("REVOKED", "revokedAt"), Output.col("LAST USED", "lastUsedAt"),
            Output.col("CREATED BY", "createdBy")};

    @ParentCommand
    Certlife root;

    @Command(name = "create", description = "Make a token; its secret is printed this once and kept nowhere.")
    int create(@Parameters(paramLabel = "NAME", description = "lower-case letters, digits and dashes") String name,
               @Option(names = "--role", required = true, paramLabel = "ROLE",
                       description = "viewer, operator, approver, key-custodian or admin (repeat for several)") List<String> roles,
               @Option(names = "--expires", paramLabel = "INSTANT",
                       description = "when it stops working, e.g. 2027-06-30T00:00:00Z (default: in 90 days, at most 366)")
               String expires,
               @Mixin Output output) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("roles", roles);
        if (expires != null) {
            try {
                body.put("expiresAt", Instant.parse(expires).toString());
            } catch (DateTimeParseException e) {
                throw new ApiException(ApiException.USER_ERROR, "--expires must be an instant like 2027-06-30T00:00:00Z, got '"
                        + expires + "'");
            }
        }
        JsonNode created = root.api().postJson(root.inventory, "/tokens", body);
        if (output.format == Output.Format.json) {
            output.print(root.out(), created);
            return 0;
        }
        root.out().printf("token %s (%s), roles %s, expires %s%n", created.path("name").asText(), created.path("id").asText(),
                Output.text(created, "roles"), created.path("expiresAt").asText());
        root.out().println("secret (shown this once, keep it now): " + created.path("secret").asText());
        return 0;
    }

    @Command(name = "list", description = "Every token, newest first: never a secret.")
    int list(@Mixin Output output) {
        output.print(root.out(), root.api().get(root.inventory, "/tokens"), COLUMNS);
        return 0;
    }

    @Command(name = "revoke", description = "Revoke a token: every service refuses it within a second.")
    int revoke(@Parameters(paramLabel = "ID") String id, @Mixin Output output) {
        output.print(root.out(), root.api().delete(root.inventory, "/tokens/" + id), COLUMNS);
        return 0;
    }
}
