package io.certlife.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * {@code certlife}: the command-line client over the three services' REST APIs. Exit codes: 0 done, 1 the
 * service refused the request (its reason is printed), 2 usage error, 3 not found, 4 a service is unreachable or
 * failed.
 */
@Command(name = "certlife", mixinStandardHelpOptions = true, version = "certlife 0.1.0",
        description = "Certificate lifecycle from the command line: the estate, certificates, findings, renewals, "
                + "CSRs, PFX exports, operator tasks and dead letters.",
        subcommands = {EstateCommands.class, CertificateCommands.class, FindingCommands.class, RenewalCommands.Renew.class,
                RenewalCommands.class, RenewalCommands.CsrCommands.class, RenewalCommands.Export.class, RenewalCommands.Exports.class, TaskCommands.class,
                TokenCommands.class, TrustAnchorCommands.class, DeadLetterCommands.class},
        footer = {"", "Exit codes: 0 done, 1 refused by the service, 2 usage error, 3 not found, 4 service unreachable or failed.",
                "Service URLs default to the local launcher's ports and can be set in the environment:",
                "  CERTLIFE_INVENTORY_URL, CERTLIFE_RENEWAL_URL, CERTLIFE_NOTIFIER_URL",
                "Every call presents an API token: --token-file, CERTLIFE_TOKEN, or the local launcher's admin token."})
public final class Certlife implements Runnable {

    @Option(names = "--inventory-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:CERTLIFE_INVENTORY_URL:-http://localhost:8081}",
            description = "inventory-service (default: ${DEFAULT-VALUE})")
    String inventory;

    @Option(names = "--renewal-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:CERTLIFE_RENEWAL_URL:-http://localhost:8082}",
            description = "renewal-service (default: ${DEFAULT-VALUE})")
    String renewal;

    @Option(names = "--notifier-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:CERTLIFE_NOTIFIER_URL:-http://localhost:8083}",
            description = "notifier-service (default: ${DEFAULT-VALUE})")
    String notifier;

    @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "the API token to present, from a file (never on the command line: it would land in shell "
                    + "history); else CERTLIFE_TOKEN; else the local launcher's .certlife/secrets/admin-token")
    Path tokenFile;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = "PT30S",
            description = "how long to wait for a service, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Api api;

    Api api() {
        if (api == null) {
            api = new Api(timeout, token());
        }
        return api;
    }

    private Optional<String> token() {
        try {
            if (tokenFile != null) {
                return Optional.of(Files.readString(tokenFile).trim());
            }
            String fromEnvironment = System.getenv("CERTLIFE_TOKEN");
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return Optional.of(fromEnvironment.trim());
            }
            Path local = Path.of(".certlife", "secrets", "admin-token");
            return Files.isReadable(local) ? Optional.of(Files.readString(local).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new ApiException(ApiException.USER_ERROR, "cannot read the token file: " + e.getMessage());
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with certlife's error handling: a failed request prints its reason and sets the exit code. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Certlife());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ApiException failure) {
                commandLine.getErr().println("certlife: " + failure.getMessage());
                return failure.exitCode;
            }
            throw e;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
