-- Worker nodes: each registers itself and reports every few seconds (one cheap write); whether it
-- is online is derived from when it last reported. Enabled and max_runners are set through the API
-- and read back by the node with its report, so changes apply without a restart.
CREATE TABLE nodes (
    node_key     TEXT        PRIMARY KEY,
    name         TEXT        NOT NULL,
    host         TEXT        NOT NULL,
    labels       JSONB       NOT NULL DEFAULT '{}'::jsonb,
    enabled      BOOLEAN     NOT NULL DEFAULT true,
    max_runners  INTEGER     NOT NULL DEFAULT 8 CHECK (max_runners BETWEEN 0 AND 1000),
    running      INTEGER     NOT NULL DEFAULT 0,
    started_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- How a task was dispatched: to any node, or pinned to one; tasks made by one run request for
-- several nodes share a group.
ALTER TABLE tasks
    ADD COLUMN dispatch_mode TEXT   NOT NULL DEFAULT 'random' CHECK (dispatch_mode IN ('random', 'selected', 'all')),
    ADD COLUMN pinned_node   TEXT,
    ADD COLUMN reassign      BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN group_id      UUID;
CREATE INDEX tasks_group ON tasks (group_id) WHERE group_id IS NOT NULL;
