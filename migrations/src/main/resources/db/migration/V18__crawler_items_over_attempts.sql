-- A crawler task's attempts add up: the shared frontier gives each page to one attempt, so a retry
-- after a lost node fetches only what the attempts before it had not reported, and the task's
-- output is the items of all its attempts. Such a task's items count, and its items by default,
-- are of every attempt; any other task's remain those of its last attempt (a retry starts afresh).
-- Set when the task is made, from its spider's type (which no update changes).
ALTER TABLE tasks ADD COLUMN items_over_attempts BOOLEAN NOT NULL DEFAULT false;

UPDATE tasks t SET items_over_attempts = true,
    items_count = (SELECT count(*) FROM items i WHERE i.task_id = t.id)
FROM spiders s WHERE s.id = t.spider_id AND s.type = 'crawler';

CREATE OR REPLACE FUNCTION count_added_items() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    c RECORD;
BEGIN
    FOR c IN SELECT task_id, attempt, count(*) AS n FROM added GROUP BY 1, 2 ORDER BY 1, 2 LOOP
        UPDATE tasks SET items_count = items_count + c.n
        WHERE id = c.task_id AND (attempt = c.attempt OR items_over_attempts);
    END LOOP;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION count_moved_items() RETURNS TRIGGER LANGUAGE plpgsql AS $$
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
        UPDATE tasks SET items_count = items_count + c.n
        WHERE id = c.task_id AND (attempt = c.attempt OR items_over_attempts);
    END LOOP;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION count_removed_items() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    c RECORD;
BEGIN
    FOR c IN SELECT task_id, attempt, count(*) AS n FROM removed GROUP BY 1, 2 ORDER BY 1, 2 LOOP
        UPDATE tasks SET items_count = items_count - c.n
        WHERE id = c.task_id AND (attempt = c.attempt OR items_over_attempts);
    END LOOP;
    RETURN NULL;
END $$;
