package dev.crawlyard.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.store.tokens.TokenRole;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console in a real headless Chromium (Debian's chromium and chromium-driver; .ci/run installs
 * them, and without them these tests are skipped, not failed), against the real platform. Each
 * test signs in as the role it needs; screenshots go to target/console-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest extends ApiTestBase {

    private static final String PROGRESS = "echo '{\"ipc\":true,\"type\":\"progress\",\"payload\":{\"stage\":\"pages\","
            + "\"current\":1,\"total\":2,\"percentage\":50}}'";

    private Browser browser;
    private ApiClient admin;

    @BeforeAll
    void startTheBrowser() throws IOException {
        assumeTrue(Files.isExecutable(Browser.CHROMIUM) && Files.isExecutable(Browser.CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        browser = new Browser(port);
        admin = new ApiClient(port, tokens.create("console-admin-" + UUID.randomUUID(), TokenRole.ADMIN, null).secret());
    }

    @AfterAll
    void stopTheBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    private void signIn(TokenRole role) {
        String secret = tokens.create("console-" + role.wireName() + "-" + UUID.randomUUID(), role, null).secret();
        // A fresh start: no session, no CSRF cookie.
        browser.open("/index.html");
        browser.driver.manage().deleteAllCookies();
        browser.open("/");
        browser.find("input[name=token]").sendKeys(secret);
        browser.find("main form button[type=submit]").click();
        browser.untilText("#who", "(" + role.wireName() + ")");
    }

    /** Opens a page of the console and waits until it is drawn. */
    private void show(String hash) {
        browser.open("/" + hash);
        browser.find("main[data-shown='" + hash + "']");
    }

    @Test
    void anAdminSignsInAndSeesTheDashboard() {
        signIn(TokenRole.ADMIN);
        show("#/dashboard");

        browser.untilText("main h1", "Dashboard");
        browser.find("#queue-running");
        assertThat(browser.find("nav").getText()).contains("Spiders", "Tasks", "Schedules", "Nodes", "Tokens");
        assertThat(browser.find("main").getText()).contains("Ended tasks", "The last 24 hours", "Queues by node");
        browser.screenshot("dashboard");
        // The session cookie is out of the page's reach; the CSRF cookie is meant to be read.
        assertThat((String) browser.script("return document.cookie")).contains("XSRF-TOKEN").doesNotContain("CRAWLYARD_SESSION");
    }

    @Test
    void anOperatorCreatesASpiderAndUploadsAZip() throws IOException {
        signIn(TokenRole.OPERATOR);
        show("#/spiders");
        String name = "console-" + UUID.randomUUID();
        browser.find("#create-spider input[name=name]").sendKeys(name);
        browser.find("#create-spider input[name=command]").sendKeys("sh main.sh");
        browser.find("#create-spider button[type=submit]").click();
        browser.untilText("main h1", name);

        Path zip = zip(Map.of("main.sh", "echo hello from the zip\n", "lib/data.txt", "x\n"));
        browser.find("#upload-version input[type=file]").sendKeys(zip.toAbsolutePath().toString());
        browser.find("#upload-version button[type=submit]").click();

        browser.untilText("#upload-version", "Uploaded version 1.");
        browser.untilText("#versions", "Files of version 1");
        JsonAssert.versionCount(admin, name, 1);
        browser.screenshot("spider");
    }

    @Test
    void aRunsLogLinesAndProgressArriveLiveAndCancelEndsIt() {
        long spider = spider("echo first line; " + PROGRESS + "; echo second line; exec sleep 600", Map.of());
        signIn(TokenRole.OPERATOR);
        show("#/spiders/" + spider);
        browser.find("#run-spider button[type=submit]").click();
        browser.until(d -> d.getCurrentUrl().matches(".*#/tasks/\\d+$"));
        long task = Long.parseLong(browser.driver.getCurrentUrl().replaceAll(".*#/tasks/", ""));
        // A mark that a reload would wipe: the lines must come to this very page.
        browser.script("window.__sameLoad = true");

        browser.untilText("#log", "second line");
        browser.untilText("#task-progress", "50 %");
        browser.untilText("#task-status", "running");
        assertThat(browser.find("#log").getText()).containsSubsequence("first line", "second line");
        assertThat(browser.script("return window.__sameLoad === true")).isEqualTo(true);
        assertThat(browser.find("#task-progress progress").getAttribute("value")).isEqualTo("50");
        browser.screenshot("task-live");

        browser.find("#cancel-task").click();

        browser.untilText("#task-status", "cancelled");
        browser.untilText("#stream-state", "ended");
        assertThat(admin.get("/api/tasks/" + task).body().get("status").asString()).isEqualTo("cancelled");
        assertThat(browser.present("#cancel-task")).isFalse();
        assertThat(browser.script("return window.__sameLoad === true")).isEqualTo(true);
        // The attempt on the timeline, and the way to its workflow in the Temporal UI.
        browser.untilText("#attempts", "attempt 1:");
        browser.untilText("#attempts", "on in-process: stopped");
        assertThat(browser.driver.findElements(By.cssSelector("#attempts .track .bar"))).hasSize(1);
        assertThat(browser.find("#workflow-link").getAttribute("href"))
                .isEqualTo("http://127.0.0.1:8233/namespaces/default/workflows/task-" + task);
    }

    @Test
    void aTasksItemsArePagedAndExported() throws InterruptedException {
        long spider = spider("python3 -c \"import json\nfor n in range(45): print(json.dumps({'ipc': True, 'type': 'data',"
                + " 'payload': {'n': n, 'title': 'item %d' % n}}))\"", Map.of());
        long task = run(spider);
        awaitStatus(task, "finished");
        signIn(TokenRole.VIEWER);
        show("#/tasks/" + task);

        browser.untilText("#items", "Items (45)");
        assertThat(browser.find("#items .page-of").getText()).contains("page 1 of 3");
        assertThat(browser.find("#items tbody").findElements(By.tagName("tr"))).hasSize(20);
        clickButton("#items", "Next page");
        browser.untilText("#items .page-of", "page 2 of 3");
        assertThat(browser.find("#items tbody tr td").getText()).isEqualTo("20");
        List<WebElement> exports = browser.driver.findElements(By.cssSelector("#items a.export"));
        assertThat(exports).extracting(WebElement::getText).containsExactly("JSON", "NDJSON", "CSV");
        // The export links work with the console's session: fetch what they point at.
        String ndjson = (String) browser.asyncScript("fetch(arguments[0]).then(r => r.text()).then(arguments[1])",
                exports.get(1).getAttribute("href"));
        String csv = (String) browser.asyncScript("fetch(arguments[0]).then(r => r.text()).then(arguments[1])",
                exports.get(2).getAttribute("href"));
        assertThat(ndjson.lines()).hasSize(45);
        assertThat(csv.lines()).hasSize(46).first().asString().contains("n").contains("title");
    }

    @Test
    void aScheduleShowsItsNextFireTimesBeforeAndAfterItIsMade() {
        long spider = spider("true", Map.of());
        signIn(TokenRole.OPERATOR);
        show("#/schedules");
        browser.find("#create-schedule input[name=spider]").sendKeys(Long.toString(spider));
        WebElement zone = browser.find("#create-schedule input[name=timeZone]");
        zone.clear();
        zone.sendKeys("UTC");
        browser.find("#create-schedule input[name=cron]").sendKeys("30 4 * * *");

        browser.until(d -> d.findElements(By.cssSelector("#cron-preview li")).size() == 5);
        String first = browser.find("#cron-preview li").getText();
        browser.find("#create-schedule button[type=submit]").click();

        browser.untilText("main table", "30 4 * * * (UTC)");
        List<WebElement> next = browser.driver.findElements(By.xpath(
                "//tr[td[contains(., '30 4 * * * (UTC)')]]//ul[@class='next-fire-times']/li"));
        assertThat(next).hasSize(3);
        assertThat(next.getFirst().getText()).isEqualTo(first);
        assertThat(first).isNotBlank();
        browser.find("#cron-preview");
        browser.find("#create-schedule input[name=cron]").sendKeys("x");
        browser.untilText("#cron-preview", "cron");
        browser.screenshot("schedules");

        // A backfill from the console: the standalone platform's schedules are cron workflows, which
        // cannot backfill, so the API refuses it (409) and the console shows its words where it happened.
        long scheduleId = 0;
        for (var schedule : admin.get("/api/schedules").body()) {
            if (schedule.get("spiderId").asLong() == spider) {
                scheduleId = schedule.get("id").asLong();
            }
        }
        String within = "details.backfill:has(form[aria-label='Backfill schedule " + scheduleId + "'])";
        browser.find(within + " summary").click();
        browser.script("document.querySelector(arguments[0] + ' input[name=from]').value = '2026-11-01T00:00';"
                + "document.querySelector(arguments[0] + ' input[name=to]').value = '2026-11-04T00:00';", within);
        browser.find(within + " button[type=submit]").click();
        ApiClient.Reply refused = admin.post("/api/schedules/" + scheduleId + "/backfill", ApiClient.json(Map.of(
                "from", "2026-11-01T00:00:00Z", "to", "2026-11-04T00:00:00Z")));
        assertThat(refused.status()).isEqualTo(409);
        browser.untilText("main table", refused.body().get("message").asString());
        assertThat(admin.get("/api/tasks?schedule=" + scheduleId).body().get("total").asInt()).isZero();
        for (var schedule : admin.get("/api/schedules").body()) {
            if (schedule.get("spiderId").asLong() == spider) {
                admin.delete("/api/schedules/" + schedule.get("id").asLong());
            }
        }
    }

    @Test
    void anOperatorDisablesANodeAndEnablesItAgain() {
        signIn(TokenRole.OPERATOR);
        try {
            show("#/nodes");
            clickButton("main", "Disable node in-process");
            browser.until(d -> !admin.get("/api/nodes/in-process").body().get("enabled").asBoolean());
            browser.untilText("main table", "disabled");
            browser.screenshot("nodes");
            clickButton("main", "Enable node in-process");
            browser.until(d -> admin.get("/api/nodes/in-process").body().get("enabled").asBoolean());
        } finally {
            admin.patch("/api/nodes/in-process", "{\"enabled\": true}");
        }
    }

    @Test
    void aViewerSeesNoWriteControlsAndAForcedWriteIsRefused() throws InterruptedException {
        long spider = spider("echo hi; exec sleep 600", Map.of());
        long task = run(spider);
        awaitStatus(task, "running");
        try {
            signIn(TokenRole.VIEWER);
            for (String page : List.of("#/spiders", "#/spiders/" + spider, "#/tasks/" + task, "#/schedules", "#/nodes")) {
                show(page);
                assertThat(browser.driver.findElements(By.cssSelector("main form.card:not([role=search]), #cancel-task")))
                        .as(page).isEmpty();
                assertThat(browser.driver.findElements(By.cssSelector("main button")).stream().map(WebElement::getText)
                        .filter(text -> !text.contains("page") && !text.startsWith("Files of") && !text.equals("Download log")
                                && !text.equals("Filter")))
                        .as(page).isEmpty();
            }
            assertThat(browser.find("#nav-tokens").isDisplayed()).isFalse();
            show("#/spiders");
            browser.screenshot("viewer");

            // The page hides the controls; the API is what refuses: a write forced from the page, CSRF token and all.
            String answer = (String) browser.asyncScript("""
                    const token = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN=')).substring(11);
                    fetch('/api/tasks/' + arguments[0] + '/cancel', {method: 'POST', headers: {'X-XSRF-TOKEN': decodeURIComponent(token)}})
                      .then(r => r.text().then(t => r.status + ' ' + t)).then(arguments[1]);
                    """, task);
            assertThat(answer).startsWith("403").contains("viewer token may only read");
            assertThat(admin.get("/api/tasks/" + task).body().get("status").asString()).isEqualTo("running");
        } finally {
            admin.post("/api/tasks/" + task + "/cancel", null);
        }
    }

    @Test
    void theConsoleFitsAPhonesWidth() {
        signIn(TokenRole.ADMIN);
        try {
            browser.size(390, 844);
            for (String page : List.of("#/dashboard", "#/spiders", "#/nodes")) {
                show(page);
                Number overflow = (Number) browser.script(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(overflow.intValue()).as(page + " scrolls sideways").isLessThanOrEqualTo(0);
            }
            show("#/dashboard");
            browser.screenshot("dashboard-phone");
        } finally {
            browser.size(1280, 900);
        }
    }

    /**
     * Every piece of text on the main pages against the background it is drawn on: at least the
     * 4.5:1 contrast WCAG asks of normal text (the browser's computed colours, relative luminance).
     */
    @Test
    void everyTextOnTheMainPagesHasAContrastOfAtLeast4Point5() throws InterruptedException {
        long spider = spider("echo contrast", Map.of());
        long task = run(spider);
        awaitStatus(task, "finished");
        signIn(TokenRole.ADMIN);
        for (String page : List.of("#/dashboard", "#/spiders", "#/spiders/" + spider, "#/tasks", "#/tasks/" + task,
                "#/schedules", "#/nodes", "#/tokens")) {
            show(page);
            browser.until(d -> d.findElements(By.cssSelector("main h1")).size() > 0);
            @SuppressWarnings("unchecked")
            List<String> low = (List<String>) browser.script(CONTRAST);
            assertThat(low).as("text below 4.5:1 on " + page).isEmpty();
        }
    }

    /** Lists the visible text whose contrast with its effective background is under 4.5:1. */
    private static final String CONTRAST = """
            const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
            const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
                .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4))
                .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
            const background = element => {
              for (let e = element; e; e = e.parentElement) {
                const c = rgb(getComputedStyle(e).backgroundColor);
                if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c;
              }
              return [255, 255, 255];
            };
            const low = [];
            for (const e of document.querySelectorAll('body *')) {
              const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
              if (!own || !e.getClientRects().length || getComputedStyle(e).visibility === 'hidden') continue;
              const [a, b] = [lum(rgb(getComputedStyle(e).color)), lum(background(e))];
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              if (ratio < 4.5) low.push(e.tagName + ' "' + e.textContent.trim().substring(0, 30) + '" ' + ratio.toFixed(2));
            }
            return low;
            """;

    private void clickButton(String within, String text) {
        browser.until(d -> d.findElement(By.cssSelector(within)).findElements(By.tagName("button")).stream()
                .filter(b -> b.getText().equals(text)).findFirst().map(b -> {
                    b.click();
                    return true;
                }).orElse(null));
    }

    private static Path zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        Path path = Files.createTempFile("console-upload-", ".zip");
        Files.write(path, bytes.toByteArray());
        return path;
    }

    /** Checks through the API what the console did. */
    private static final class JsonAssert {
        static void versionCount(ApiClient api, String spider, int count) {
            assertThat(api.get("/api/spiders/" + spider + "/versions").body().get("total").asInt()).isEqualTo(count);
            assertThat(api.get("/api/spiders/" + spider).body().get("currentVersion").asInt()).isEqualTo(count);
        }
    }
}
