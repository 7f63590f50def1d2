package io.certlife.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "tasks", description = "Operator tasks: the steps a machine cannot do (ISA export, Exchange enable, EdgeSync).")
final class TaskCommands {

    static final Output.Column[] COLUMNS = {Output.col("ID", "id"), Output.col("KIND", "kind"), Output.col("STATE", "state"),
            Output.col("SERVER", "server"), Output.col("ASSIGNEE", "assignee"), Output.col("DUE", "dueAt"),
            Output.col("TITLE", "title")};

    @ParentCommand
    Certlife root;

    @Command(name = "list", description = "Tasks, soonest due first.")
    int list(@Option(names = "--state", paramLabel = "STATE", description = "OPEN, IN_PROGRESS, VERIFYING, DONE, CLOSED_UNVERIFIED, FAILED or CANCELLED") String state,
             @Option(names = "--assignee", paramLabel = "TEAM") String assignee,
             @Option(names = "--server", paramLabel = "FQDN") String server,
             @Mixin Output output) {
        output.print(root.out(), root.api().get(root.notifier, Api.path("/tasks", "state", state, "assignee", assignee,
                "server", server)), COLUMNS);
        return 0;
    }

    @Command(name = "show", description = "One task with its steps and checks.")
    int show(@Parameters(paramLabel = "ID") String id, @Mixin Output output) {
        JsonNode task = root.api().get(root.notifier, "/tasks/" + id);
        if (output.format == Output.Format.json) {
            output.print(root.out(), task);
            return 0;
        }
        PrintWriter out = root.out();
        out.println(task.path("title").asText());
        out.printf("%s  %s  server %s  assignee %s  due %s%n", task.path("kind").asText(), task.path("state").asText(),
                Output.text(task, "server"), Output.text(task, "assignee"), Output.text(task, "dueAt"));
        if (task.hasNonNull("exportProfile")) {
            out.printf("PFX export: %s, %s%s%n", task.path("exportProfile").asText(), Output.text(task, "exportState"),
                    task.hasNonNull("exportNote") ? ": " + task.path("exportNote").asText() : "");
        }
        if (task.hasNonNull("note")) {
            out.println("Note: " + task.path("note").asText());
        }
        out.println("Steps:");
        int n = 1;
        for (JsonNode step : task.path("steps")) {
            out.printf("  %d. %s%n", n++, step.asText());
        }
        if (!task.path("checks").isEmpty()) {
            out.println("Checks:");
            task.path("checks").forEach(c -> out.println("  - " + c.asText()));
        }
        return 0;
    }

    @Command(name = "start", description = "Mark a task in progress.")
    int start(@Parameters(paramLabel = "ID") String id, @Mixin Output output) {
        return move(id, "start", null, output);
    }

    @Command(name = "done", description = "Mark a task done. A task that puts a certificate on a server becomes VERIFYING: "
            + "certlife probes its slots and makes it DONE once it sees the new certificate served (IN_PROGRESS again, "
            + "with what it saw, when another one is served).")
    int done(@Parameters(paramLabel = "ID") String id,
             @Option(names = "--note", paramLabel = "TEXT", description = "what was done") String note,
             @Mixin Output output) {
        return move(id, "done", note, output);
    }

    @Command(name = "close", description = "Close a task without seeing its certificate served (CLOSED_UNVERIFIED); the "
            + "old certificate stays watched.")
    int close(@Parameters(paramLabel = "ID") String id,
              @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "why it cannot be verified")
              String reason,
              @Mixin Output output) {
        return move(id, "close", reason, output);
    }

    private int move(String id, String action, String note, Output output) {
        Map<String, String> body = new HashMap<>();
        if (note != null) {
            body.put("note", note);
        }
        output.print(root.out(), root.api().postJson(root.notifier, "/tasks/" + id + "/" + action, body), COLUMNS);
        return 0;
    }
}
