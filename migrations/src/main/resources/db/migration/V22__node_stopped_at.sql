-- When a node stopped on purpose (its process shut down), until it registers or reports again.
-- A stopped node is no peer in the order of random dispatch: the nodes still running would
-- otherwise hold their polls back for it until its last report went stale (15 s by default).
ALTER TABLE nodes ADD COLUMN stopped_at TIMESTAMPTZ;
