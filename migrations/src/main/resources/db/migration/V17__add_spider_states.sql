-- A spider's state: a small JSON document (a collector's cursor or high-water mark, whatever a
-- code spider keeps) that a run reads from its config file and replaces when it succeeds.
CREATE TABLE spider_states (
    spider_id  BIGINT      PRIMARY KEY REFERENCES spiders (id) ON DELETE CASCADE,
    state      JSONB       NOT NULL,
    -- The task whose success saved it; null when it was set through the API.
    task_id    BIGINT,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The last state an attempt reported, kept from an attempt that exited 0; the task's finalize
-- copies it into spider_states only if the task ends finished.
ALTER TABLE task_attempts ADD COLUMN state JSONB;

-- The built-in collectors beside the crawler.
ALTER TABLE spiders DROP CONSTRAINT spiders_type_check;
ALTER TABLE spiders ADD CONSTRAINT spiders_type_check CHECK (type IN ('command', 'crawler', 'api', 'database'));
