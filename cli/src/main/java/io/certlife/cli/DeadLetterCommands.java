package io.certlife.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "dead-letters", description = "What a service's consumers could not process, and replaying it once the "
        + "cause is fixed (operator).")
final class DeadLetterCommands {

    /** Which service's dead letters. */
    enum Service { inventory, renewal, notifier }

    private static final Output.Column[] COLUMNS = {Output.col("ID", "id"), Output.col("DEAD AT", "deadAt"),
            Output.col("TOPIC", "sourceTopic"), Output.col("KEY", "key"), Output.col("RESOLUTION", "resolution"),
            Output.col("REASON", "reason")};

    @ParentCommand
    Certlife root;

    @Command(name = "list", description = "Open dead letters, newest first (or all with --all).")
    int list(@Option(names = "--service", required = true, paramLabel = "SERVICE",
                     description = "inventory, renewal or notifier") Service service,
             @Option(names = "--all", description = "resolved ones too") boolean all,
             @Mixin Output output) {
        output.print(root.out(), root.api().get(url(service), Api.path("/dead-letters", "status", all ? "ALL" : "OPEN")), COLUMNS);
        return 0;
    }

    @Command(name = "show", description = "One dead letter with its record as it was received.")
    int show(@Option(names = "--service", required = true, paramLabel = "SERVICE") Service service,
             @Parameters(paramLabel = "ID") long id,
             @Mixin Output output) {
        output.print(root.out(), root.api().get(url(service), "/dead-letters/" + id), COLUMNS);
        return 0;
    }

    @Command(name = "replay", description = "Apply a dead letter again through the consumer that failed it, with its "
            + "dedupe: APPLIED, ALREADY_PROCESSED or NOT_ACCEPTED; refused while it still cannot be processed.")
    int replay(@Option(names = "--service", required = true, paramLabel = "SERVICE") Service service,
               @Parameters(paramLabel = "ID") long id,
               @Mixin Output output) {
        output.print(root.out(), root.api().post(url(service), "/dead-letters/" + id + "/replay", "application/json", new byte[0]),
                Output.col("ID", "id"), Output.col("OUTCOME", "outcome"));
        return 0;
    }

    private String url(Service service) {
        return switch (service) {
            case inventory -> root.inventory;
            case renewal -> root.renewal;
            case notifier -> root.notifier;
        };
    }
}
