-- Why the platform could not set a schedule up on its backend at start (a row its Temporal server
-- refuses, or one that cannot be read): such a schedule is skipped, not fatal, and shows the reason
-- until it is replaced. NULL for a schedule that runs.
ALTER TABLE schedules ADD COLUMN broken_reason TEXT;
