package dev.crawlyard.api.items;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How items are exported ({@code crawlyard.export.*}).
 *
 * @param csvFormulaEscape prefix CSV cells that a spreadsheet would run as a formula with a single quote (default true)
 */
@ConfigurationProperties("crawlyard.export")
public record ExportProperties(Boolean csvFormulaEscape) {

    public ExportProperties {
        csvFormulaEscape = csvFormulaEscape == null || csvFormulaEscape;
    }
}
