package dev.crawlyard.api.items;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiTestBase;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CSV exports are safe to open in a spreadsheet: a cell that would run as a formula is escaped. */
class CsvFormulaTest extends ApiTestBase {

    private static final String SPIDER = """
            import json
            for value in ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\\tTAB", "\\rCR", "plain", "a=b", "3-1"]:
                print(json.dumps({"ipc": True, "type": "data", "payload": {"v": value, "=k": 1}}))
            """;

    @Test
    void cellsThatStartLikeAFormulaGetAQuoteBeforeThemHeaderIncluded() throws Exception {
        long task = run(spider("python3 formulas.py", Map.of("formulas.py", SPIDER)));
        awaitStatus(task, "finished");

        String csv = api.getText("/api/tasks/" + task + "/items?format=csv").body();

        List<String> rows = List.of(csv.split("\r\n", -1));
        assertThat(rows.getFirst()).isEqualTo("'=k,v");
        assertThat(csv).contains("1,'=1+1\r\n", "1,'+SUM(A1)\r\n", "1,'-2+3\r\n", "1,'@cmd\r\n",
                "1,'\tTAB\r\n", "1,\"'\rCR\"\r\n", "1,plain\r\n", "1,a=b\r\n", "1,3-1\r\n");
    }

    @Test
    void theEscapeCanBeTurnedOff() {
        StringWriter out = new StringWriter();
        try (CsvWriter csv = new CsvWriter(out, List.of("v"), false)) {
            csv.header();
            csv.row("{\"v\": \"=1+1\"}");
        }
        assertThat(out.toString()).isEqualTo("v\r\n=1+1\r\n");
        assertThat(new ExportProperties(null).csvFormulaEscape()).isTrue();
    }
}
