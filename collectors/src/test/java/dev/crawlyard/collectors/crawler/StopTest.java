package dev.crawlyard.collectors.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.collectors.testing.CatalogSite;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

/** How the crawler stops: the runner's cancel message, or its stdin closing because the runner died. */
class StopTest {

    @Test
    void theCancelMessageEndsTheCrawlCleanlyAndGivesBackWhatIsLeased() throws Exception {
        try (CatalogSite site = new CatalogSite(20, 20, 30)) {
            CrawlerConfig config = CrawlerConfig.parse(site.crawlerConfig("\"concurrency\": 2"));
            PipedOutputStream stdin = new PipedOutputStream();
            StopSignal stop = new StopSignal().watch(new PipedInputStream(stdin));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            FutureTask<Integer> crawl = new FutureTask<>(() -> run(config, out, stop));
            Thread.ofPlatform().start(crawl);
            while (site.requests().size() < 10) {
                Thread.sleep(20);
            }

            stdin.write("{\"ipc\":true,\"type\":\"cancel\"}\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();

            assertThat(crawl.get(1, java.util.concurrent.TimeUnit.MINUTES)).isZero();
            assertThat(stop.reason()).isEqualTo(StopSignal.Reason.CANCELLED);
            assertThat(site.requests().size()).isLessThan(site.pages());
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("crawl cancelled");
        }
    }

    @Test
    void stdinClosedWithoutACancelMeansTheRunnerIsGoneAndTheCrawlerStopsAtOnce() throws Exception {
        try (CatalogSite site = new CatalogSite(20, 20, 30)) {
            CrawlerConfig config = CrawlerConfig.parse(site.crawlerConfig("\"concurrency\": 2"));
            PipedOutputStream stdin = new PipedOutputStream();
            StopSignal stop = new StopSignal().watch(new PipedInputStream(stdin));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            FutureTask<Integer> crawl = new FutureTask<>(() -> run(config, out, stop));
            Thread.ofPlatform().start(crawl);
            while (site.requests().size() < 10) {
                Thread.sleep(20);
            }

            stdin.close();

            assertThat(crawl.get(1, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo(Crawler.EXIT_RUNNER_GONE);
            assertThat(stop.reason()).isEqualTo(StopSignal.Reason.RUNNER_GONE);
            assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("crawl finished");
        }
    }

    private static int run(CrawlerConfig config, ByteArrayOutputStream out, StopSignal stop) {
        try {
            return new Crawler(config, new MemoryFrontier(config), new IpcOut(out), stop).run();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
