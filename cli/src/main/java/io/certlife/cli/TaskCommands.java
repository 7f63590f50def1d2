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
    int list(@Option(names = "--state", paramLabel = "STATE", description = "OPEN, IN_PROGRESS, DONE, FAILED or CANCELLED") String state,
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
            out.printf("PFX export: %s, %s%n", task.path("exportProfile").asText(), Output.text(task, "exportState"));
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

    @Command(name = "done", description = "Mark a task done.")
    int done(@Parameters(paramLabel = "ID") String id,
             @Option(names = "--note", paramLabel = "TEXT", description = "what was done") String note,
             @Mixin Output output) {
        return move(id, "done", note, output);
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
