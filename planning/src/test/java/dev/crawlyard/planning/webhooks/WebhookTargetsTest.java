package dev.crawlyard.planning.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which URLs a webhook may be sent to, with private targets refused (the default) and allowed. */
class WebhookTargetsTest {

    private final WebhookTargets strict = new WebhookTargets(false);
    private final WebhookTargets allowing = new WebhookTargets(true);

    @Test
    void loopbackPrivateLinkLocalSharedAndUnspecifiedAddressesAreRefused() {
        for (String url : List.of("http://127.0.0.1/", "http://127.1.2.3:8080/x", "http://localhost/",
                "http://10.1.2.3/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.0.1/",
                "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://100.127.255.254/",
                "http://0.0.0.0/", "http://[::1]/", "http://[::]/", "http://[fe80::1]/", "http://[fc00::1]/",
                "http://[fd12:3456::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:10.0.0.1]/",
                "http://224.0.0.1/", "https://127.0.0.1/")) {
            assertThat(strict.refusal(url)).as(url).isNotNull().contains("loopback or private address");
            assertThat(allowing.refusal(url)).as(url + " with private targets allowed").isNull();
        }
    }

    @Test
    void publicAddressesAreTaken() {
        for (String url : List.of("http://93.184.215.14/hook", "https://8.8.8.8/", "http://100.128.0.1/",
                "http://172.32.0.1/", "http://[2001:4860:4860::8888]/")) {
            assertThat(strict.refusal(url)).as(url).isNull();
        }
    }

    @Test
    void onlyHttpAndHttpsWithAHostAndNoCredentialsAreTakenWhateverTheSetting() {
        for (WebhookTargets targets : List.of(strict, allowing)) {
            assertThat(targets.refusal("file:///etc/passwd")).contains("http or https");
            assertThat(targets.refusal("gopher://127.0.0.1:70/")).contains("http or https");
            assertThat(targets.refusal("ftp://8.8.8.8/")).contains("http or https");
            assertThat(targets.refusal("http:///path")).contains("no host");
            assertThat(targets.refusal("http://user:secret@8.8.8.8/")).contains("user name or password");
            assertThat(targets.refusal("http://exa mple.com/")).contains("not a URL");
        }
    }

    @Test
    void aNameThatDoesNotResolveIsRefused() {
        assertThat(strict.refusal("http://no-such-host.invalid/")).contains("does not resolve");
    }
}
