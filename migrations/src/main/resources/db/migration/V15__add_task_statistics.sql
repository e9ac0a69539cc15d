-- Statistics (GET /api/statistics): tasks by outcome, items, reported errors and log warnings, per
-- spider, for the last 5 minutes, hour and day, and for all time.
--
-- All time is kept as running totals of the ended tasks per spider and outcome, maintained by the
-- triggers below, because summing a million task rows on every look is too slow (bench: statistics).
-- The triggers are per statement, over the rows the statement changed, so that a bulk insert or
-- delete pays once; a task counts once it has ended, with the counters it has (a change of an ended
-- task's counters moves the totals with it). A deleted task is taken off the totals.
CREATE TABLE spider_task_totals (
    spider_id BIGINT NOT NULL,
    status    TEXT   NOT NULL,
    tasks     BIGINT NOT NULL DEFAULT 0,
    items     BIGINT NOT NULL DEFAULT 0,
    warnings  BIGINT NOT NULL DEFAULT 0,
    errors    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (spider_id, status)
);

CREATE FUNCTION count_ended_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO spider_task_totals AS t (spider_id, status, tasks, items, warnings, errors)
        SELECT spider_id, status, -count(*), -sum(items_count), -sum(warnings), -sum(errors_reported)
        FROM old_rows WHERE status NOT IN ('pending', 'preparing', 'running')
        GROUP BY spider_id, status
        ON CONFLICT (spider_id, status) DO UPDATE SET tasks = t.tasks + EXCLUDED.tasks,
            items = t.items + EXCLUDED.items, warnings = t.warnings + EXCLUDED.warnings,
            errors = t.errors + EXCLUDED.errors;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO spider_task_totals AS t (spider_id, status, tasks, items, warnings, errors)
        SELECT spider_id, status, count(*), sum(items_count), sum(warnings), sum(errors_reported)
        FROM new_rows WHERE status NOT IN ('pending', 'preparing', 'running')
        GROUP BY spider_id, status
        ON CONFLICT (spider_id, status) DO UPDATE SET tasks = t.tasks + EXCLUDED.tasks,
            items = t.items + EXCLUDED.items, warnings = t.warnings + EXCLUDED.warnings,
            errors = t.errors + EXCLUDED.errors;
    END IF;
    RETURN NULL;
END $$;

-- PostgreSQL allows transition tables only on a trigger for one event.
CREATE TRIGGER tasks_totals_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION count_ended_tasks();
CREATE TRIGGER tasks_totals_update AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION count_ended_tasks();
CREATE TRIGGER tasks_totals_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION count_ended_tasks();

INSERT INTO spider_task_totals (spider_id, status, tasks, items, warnings, errors)
SELECT spider_id, status, count(*), sum(items_count), sum(warnings), sum(errors_reported)
FROM tasks WHERE status NOT IN ('pending', 'preparing', 'running')
GROUP BY spider_id, status;

-- The recent windows read the tasks that ended in the last day from this index alone (its
-- INCLUDE columns are all they need); the queues read the live tasks by tasks_status_created.
CREATE INDEX tasks_finished ON tasks (finished_at) INCLUDE (spider_id, status, items_count, warnings, errors_reported)
    WHERE finished_at IS NOT NULL;
