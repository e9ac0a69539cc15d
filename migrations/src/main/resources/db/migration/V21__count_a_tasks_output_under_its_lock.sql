-- Sets a task's item and log line counts from its rows when it ends. One UPDATE cannot do this
-- safely: its counts are read in the snapshot the statement began with, so a batch or a deletion
-- committed while it waited for the task's row lock was missed, and the stale count overwrote the
-- one the triggers had kept (a task whose data was deleted as it ended showed its items again).
-- Here the row is locked first; the UPDATE after it reads a snapshot taken once the lock is held,
-- and any writer still to come waits for it and then adds to the counts through the triggers.
CREATE FUNCTION count_task_output(task BIGINT) RETURNS VOID LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM 1 FROM tasks WHERE id = task FOR UPDATE;
    UPDATE tasks t SET
        items_count = (SELECT count(*) FROM items
            WHERE task_id = t.id AND (attempt = t.attempt OR t.items_over_attempts)),
        log_lines = (SELECT count(*) FROM task_logs WHERE task_id = t.id AND attempt = t.attempt)
    WHERE id = task;
END $$;
