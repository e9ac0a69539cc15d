-- Items and log lines arrive by the hundred thousand a second; a foreign key makes PostgreSQL look
-- up the task for every row (a trigger per row), which cost more than half of the ingestion time.
-- Rows are written only by a task's own runner, after the task row exists, and tasks are never
-- deleted without their output, so the check buys nothing the code does not already guarantee.
ALTER TABLE items DROP CONSTRAINT items_task_id_fkey;
ALTER TABLE task_logs DROP CONSTRAINT task_logs_task_id_fkey;
