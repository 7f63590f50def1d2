package io.certlife.cli;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code certlife}: the command-line client over the three services' REST APIs. Exit codes: 0 done, 1 the
 * service refused the request (its reason is printed), 2 usage error, 3 not found, 4 a service is unreachable or
 * failed.
 */
@Command(name = "certlife", mixinStandardHelpOptions = true, version = "certlife 0.1.0",
        description = "Certificate lifecycle from the command line: the estate, certificates, findings, renewals, "
                + "CSRs, PFX exports and operator tasks.",
        subcommands = {EstateCommands.class, CertificateCommands.class, FindingCommands.class, RenewalCommands.Renew.class,
                RenewalCommands.class, RenewalCommands.CsrCommands.class, RenewalCommands.Export.class, TaskCommands.class},
        footer = {"", "Exit codes: 0 done, 1 refused by the service, 2 usage error, 3 not found, 4 service unreachable or failed.",
                "Service URLs default to the local launcher's ports and can be set in the environment:",
                "  CERTLIFE_INVENTORY_URL, CERTLIFE_RENEWAL_URL, CERTLIFE_NOTIFIER_URL"})
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

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = "PT30S",
            description = "how long to wait for a service, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Api api;

    Api api() {
        if (api == null) {
            api = new Api(timeout);
        }
        return api;
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
