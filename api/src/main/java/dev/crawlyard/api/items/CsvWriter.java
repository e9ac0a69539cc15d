package dev.crawlyard.api.items;

import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/**
 * Writes items as CSV (RFC 4180, through Jackson's CSV module): a header of the given columns,
 * then one row an item. A cell that starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or
 * a carriage return is one a spreadsheet would run as a formula (CSV injection); unless that is
 * turned off ({@code crawlyard.export.csv-formula-escape=false}) such a cell, header cells included,
 * gets a single quote before it, as OWASP recommends.
 */
final class CsvWriter implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Quotes only the cells that need it (a separator, a quote, a line break), as RFC 4180 has it. */
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvWriteFeature.STRICT_CHECK_FOR_QUOTING).build();

    private final List<String> columns;
    private final boolean escapeFormulas;
    private final SequenceWriter rows;

    CsvWriter(Writer out, List<String> columns, boolean escapeFormulas) {
        this.columns = columns;
        this.escapeFormulas = escapeFormulas;
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(false).setLineSeparator("\r\n");
        for (int i = 0; i < columns.size(); i++) {
            schema.addColumn("c" + i);
        }
        this.rows = CSV.writer(schema.build()).writeValues(out);
    }

    void header() {
        Map<String, String> header = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            header.put("c" + i, cell(columns.get(i)));
        }
        rows.write(header);
    }

    /** One item: a value a column; nested objects and arrays as JSON text, missing and null as empty. */
    void row(String itemJson) {
        JsonNode item = JSON.readTree(itemJson);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            JsonNode value = item.path(columns.get(i));
            row.put("c" + i, value.isMissingNode() || value.isNull() ? ""
                    : cell(value.isContainer() ? value.toString() : value.asString()));
        }
        rows.write(row);
    }

    /** The text of a cell, with a quote before what a spreadsheet would take for a formula. */
    String cell(String value) {
        if (escapeFormulas && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }

    @Override
    public void close() {
        rows.flush();
    }
}
