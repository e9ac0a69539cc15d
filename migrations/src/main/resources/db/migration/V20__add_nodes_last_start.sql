-- When a task attempt last started on each node. Random dispatch breaks a tie between nodes with as
-- many tasks under way by it: the node whose last start is the oldest takes the next claim, so that
-- the node that has just finished a task does not take the next one too.
ALTER TABLE nodes ADD COLUMN last_start_at TIMESTAMPTZ;
