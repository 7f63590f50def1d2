package io.certlife.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "estate", description = "The estate: sites, servers, namespaces, publishing rules, bindings.")
final class EstateCommands {

    @ParentCommand
    Certlife root;

    @Command(name = "import", description = "Import an estate file (YAML, or JSON by its .json name). Importing the "
            + "same file again changes nothing.")
    int importFile(@Parameters(paramLabel = "FILE") Path file, @Mixin Output output) {
        String type = file.getFileName().toString().toLowerCase().endsWith(".json") ? "application/json" : "application/yaml";
        JsonNode result = root.api().post(root.inventory, "/estate/import", type, Api.read(file));
        output.print(root.out(), result, Output.col("CREATED", "items.CREATED"), Output.col("UPDATED", "items.UPDATED"),
                Output.col("UNCHANGED", "items.UNCHANGED"));
        return 0;
    }
}
