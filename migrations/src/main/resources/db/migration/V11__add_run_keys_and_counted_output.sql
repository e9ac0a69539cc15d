-- The run that made a task: a schedule firing's id, or run-<spider>-<key> for a run request. A run's
-- tasks are made in one statement, and a retried firing or request finds them by this key instead
-- of making more.
ALTER TABLE tasks RENAME COLUMN schedule_firing TO run_key;
ALTER INDEX tasks_schedule_firing RENAME TO tasks_run_key;

-- The attempt a node took last. A task's items and log lines, and its counts of them, are those of
-- this attempt; earlier attempts' rows stay, readable by their number.
ALTER TABLE tasks ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0;
UPDATE tasks t SET attempt = a.last
FROM (SELECT task_id, max(attempt) AS last FROM task_attempts GROUP BY task_id) a
WHERE a.task_id = t.id;
UPDATE tasks t SET
    items_count = (SELECT count(*) FROM items i WHERE i.task_id = t.id AND i.attempt = t.attempt),
    log_lines = (SELECT count(*) FROM task_logs l WHERE l.task_id = t.id AND l.attempt = t.attempt);

-- The counts follow the rows, whoever writes them and whenever: output stored after its task ended
-- (a lost node's runner that was not dead after all) is counted too. One trigger a statement, not a
-- row: a batch of ten thousand items costs one UPDATE of each task it touches. Tasks are updated in
-- id order, so that two batches never lock the same two tasks in opposite orders.
CREATE FUNCTION count_added_items() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    c RECORD;
BEGIN
    FOR c IN SELECT task_id, attempt, count(*) AS n FROM added GROUP BY 1, 2 ORDER BY 1, 2 LOOP
        UPDATE tasks SET items_count = items_count + c.n WHERE id = c.task_id AND attempt = c.attempt;
    END LOOP;
    RETURN NULL;
END $$;

-- An item overwritten by a newer one with the same dedup key moves to the newer one's task and attempt.
CREATE FUNCTION count_moved_items() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    c RECORD;
BEGIN
    FOR c IN
        SELECT task_id, attempt, sum(n) AS n FROM (
            SELECT task_id, attempt, -1 AS n FROM moved_from
            UNION ALL
            SELECT task_id, attempt, 1 AS n FROM moved_to) m
        GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2
    LOOP
        UPDATE tasks SET items_count = items_count + c.n WHERE id = c.task_id AND attempt = c.attempt;
    END LOOP;
    RETURN NULL;
END $$;

CREATE FUNCTION count_removed_items() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    c RECORD;
BEGIN
    FOR c IN SELECT task_id, attempt, count(*) AS n FROM removed GROUP BY 1, 2 ORDER BY 1, 2 LOOP
        UPDATE tasks SET items_count = items_count - c.n WHERE id = c.task_id AND attempt = c.attempt;
    END LOOP;
    RETURN NULL;
END $$;

CREATE FUNCTION count_added_log_lines() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    c RECORD;
BEGIN
    FOR c IN SELECT task_id, attempt, count(*) AS n FROM added GROUP BY 1, 2 ORDER BY 1, 2 LOOP
        UPDATE tasks SET log_lines = log_lines + c.n WHERE id = c.task_id AND attempt = c.attempt;
    END LOOP;
    RETURN NULL;
END $$;

CREATE TRIGGER items_counted_when_added AFTER INSERT ON items
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_added_items();
CREATE TRIGGER items_counted_when_moved AFTER UPDATE ON items
    REFERENCING OLD TABLE AS moved_from NEW TABLE AS moved_to FOR EACH STATEMENT EXECUTE FUNCTION count_moved_items();
CREATE TRIGGER items_counted_when_removed AFTER DELETE ON items
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION count_removed_items();
CREATE TRIGGER log_lines_counted_when_added AFTER INSERT ON task_logs
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_added_log_lines();
