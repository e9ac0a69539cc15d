-- A spider can be deleted while its tasks, items and logs are kept (DELETE /api/spiders/{ref}?data=keep):
-- its kept tasks then name a spider that is gone, as its items and log lines could already (V3).
ALTER TABLE tasks DROP CONSTRAINT tasks_spider_id_fkey;

-- When a task's items and log were deleted (DELETE /api/tasks/{id}/data); the task row stays.
ALTER TABLE tasks ADD COLUMN data_deleted_at TIMESTAMPTZ;
