package dev.crawlyard.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./crawlyard temporal} reads its port as the standalone platform reads the same setting. */
class TemporalMainTest {

    @Test
    void thePortComesFromTheArgumentsThenTheEnvironmentThenTheDefault() {
        assertThat(TemporalMain.port(List.of("--crawlyard.standalone.temporal-port=17233"), "27233")).isEqualTo(17233);
        assertThat(TemporalMain.port(List.of("--other=1"), "27233")).isEqualTo(27233);
        assertThat(TemporalMain.port(List.of(), null)).isEqualTo(7233);
    }

    @Test
    void aPortThatIsNotANumberIsRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> TemporalMain.port(List.of("--crawlyard.standalone.temporal-port=high"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("crawlyard.standalone.temporal-port");
    }
}
