package io.certlife.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "findings", description = "Policy findings: what the planning rules found wrong in the estate.")
final class FindingCommands {

    @ParentCommand
    Certlife root;

    @Command(name = "list", description = "Open findings (or all with --all).")
    int list(@Option(names = "--server", paramLabel = "FQDN") String server,
             @Option(names = "--rule", paramLabel = "RULE", description = "a rule id, e.g. EXPORTABLE_KEY_REQUIRED") String rule,
             @Option(names = "--all", description = "resolved ones too") boolean all,
             @Mixin Output output) {
        output.print(root.out(), root.api().get(root.inventory, Api.path("/findings", "state", all ? "all" : "open",
                        "server", server, "ruleId", rule)), Output.col("SEVERITY", "severity"),
                Output.col("RULE", "ruleId"), Output.col("SERVER", "server"), Output.col("SERVICE", "service"),
                Output.col("MESSAGE", "message"));
        return 0;
    }
}
