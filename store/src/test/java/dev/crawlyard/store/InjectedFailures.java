package dev.crawlyard.store;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Failures injected into the real database, for tests of what a failure part-way leaves behind: the
 * first insert of a task for {@code failingNode} in the run {@code runKey} fails, later ones succeed.
 * (A sequence counts the tries, because a counter in a table would be rolled back with the failure.)
 */
public final class InjectedFailures {

    private final JdbcClient jdbc;

    public InjectedFailures(JdbcClient jdbc) {
        this.jdbc = jdbc;
        jdbc.sql("""
                CREATE TABLE IF NOT EXISTS injected_failures (run_key TEXT PRIMARY KEY, pinned_node TEXT NOT NULL,
                    tries TEXT NOT NULL)""").update();
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION fail_first_insert() RETURNS TRIGGER LANGUAGE plpgsql AS $$
                DECLARE
                    failure RECORD;
                BEGIN
                    SELECT * INTO failure FROM injected_failures WHERE run_key = NEW.run_key;
                    IF FOUND AND failure.pinned_node = NEW.pinned_node AND nextval(failure.tries::regclass) = 1 THEN
                        RAISE EXCEPTION 'injected failure: the insert of the task for % in run %', NEW.pinned_node, NEW.run_key;
                    END IF;
                    RETURN NEW;
                END $$""").update();
        jdbc.sql("""
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'tasks_injected_failures') THEN
                        CREATE TRIGGER tasks_injected_failures BEFORE INSERT ON tasks
                            FOR EACH ROW EXECUTE FUNCTION fail_first_insert();
                    END IF;
                END $$""").update();
    }

    /** Makes the first insert of the run's task for {@code failingNode} fail. */
    public void failFirstInsert(String runKey, String failingNode) {
        String tries = "injected_tries_" + UUID.randomUUID().toString().replace('-', '_');
        jdbc.sql("CREATE SEQUENCE " + tries).update();
        jdbc.sql("INSERT INTO injected_failures (run_key, pinned_node, tries) VALUES (:run, :node, :tries)")
                .param("run", runKey)
                .param("node", failingNode)
                .param("tries", tries)
                .update();
    }
}
