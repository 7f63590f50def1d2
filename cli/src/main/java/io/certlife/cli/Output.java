package io.certlife.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code -o table|json}: a table of chosen columns for people, the service's JSON as it came for scripts. */
final class Output {

    enum Format { table, json }

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    Format format;

    /** A column: its header and the JSON field (a dotted path) it shows. */
    record Column(String header, String field) {
    }

    static Column col(String header, String field) {
        return new Column(header, field);
    }

    /** Prints {@code value} (an array, or one object shown as a one-row table) in the chosen format. */
    void print(PrintWriter out, JsonNode value, Column... columns) {
        if (format == Format.json) {
            try {
                out.println(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        List<JsonNode> rows = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(rows::add);
        } else {
            rows.add(value);
        }
        List<String[]> cells = new ArrayList<>();
        int[] widths = new int[columns.length];
        String[] headers = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            headers[i] = columns[i].header();
            widths[i] = headers[i].length();
        }
        for (JsonNode row : rows) {
            String[] line = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                line[i] = text(row, columns[i].field());
                widths[i] = Math.max(widths[i], line[i].length());
            }
            cells.add(line);
        }
        out.println(line(headers, widths));
        cells.forEach(c -> out.println(line(c, widths)));
    }

    /** A field's value as text: arrays joined with commas, missing or null as "-". */
    static String text(JsonNode row, String field) {
        JsonNode node = row;
        for (String part : field.split("\\.")) {
            node = node.isArray() && part.matches("\\d+") ? node.path(Integer.parseInt(part)) : node.path(part);
        }
        if (node.isMissingNode() || node.isNull()) {
            return "-";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(n.asText()));
            return String.join(",", items);
        }
        return node.asText();
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            b.append(i == cells.length - 1 ? cells[i] : String.format("%-" + widths[i] + "s  ", cells[i]));
        }
        return b.toString().stripTrailing();
    }
}
