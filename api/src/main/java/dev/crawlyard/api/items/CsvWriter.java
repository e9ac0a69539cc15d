package dev.crawlyard.api.items;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Writes items as CSV (RFC 4180): a header of the given columns, then one row an item. */
final class CsvWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Writer out;
    private final List<String> columns;

    CsvWriter(Writer out, List<String> columns) {
        this.out = out;
        this.columns = columns;
    }

    void header() throws IOException {
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            field(columns.get(i));
        }
        out.write("\r\n");
    }

    /** One item: a value a column; nested objects and arrays as JSON text, missing and null as empty. */
    void row(String itemJson) throws IOException {
        JsonNode item = JSON.readTree(itemJson);
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            JsonNode value = item.path(columns.get(i));
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            field(value.isContainer() ? value.toString() : value.asString());
        }
        out.write("\r\n");
    }

    private void field(String value) throws IOException {
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        if (!quote) {
            out.write(value);
            return;
        }
        out.write('"');
        out.write(value.replace("\"", "\"\""));
        out.write('"');
    }
}
