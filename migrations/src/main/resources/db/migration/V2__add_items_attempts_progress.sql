-- Spider-level run settings: limits, retries and item deduplication.
ALTER TABLE spiders
    ADD COLUMN runtime_limit_ms    BIGINT  NOT NULL DEFAULT 0,
    ADD COLUMN memory_limit_bytes  BIGINT  NOT NULL DEFAULT 0,
    ADD COLUMN max_attempts        INTEGER NOT NULL DEFAULT 1 CHECK (max_attempts BETWEEN 1 AND 20),
    ADD COLUMN retry_backoff_ms    BIGINT  NOT NULL DEFAULT 5000,
    ADD COLUMN dedup_field         TEXT,
    ADD COLUMN dedup_mode          TEXT    NOT NULL DEFAULT 'ignore' CHECK (dedup_mode IN ('ignore', 'overwrite'));

-- Live progress and counters of a task, frozen when it ends.
ALTER TABLE tasks
    ADD COLUMN max_attempts        INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN memory_limit_bytes  BIGINT  NOT NULL DEFAULT 0,
    ADD COLUMN items_count         BIGINT  NOT NULL DEFAULT 0,
    ADD COLUMN warnings            BIGINT  NOT NULL DEFAULT 0,
    ADD COLUMN errors_reported     BIGINT  NOT NULL DEFAULT 0,
    ADD COLUMN last_error          TEXT,
    ADD COLUMN progress_stage      TEXT,
    ADD COLUMN progress_current    BIGINT,
    ADD COLUMN progress_total      BIGINT,
    ADD COLUMN progress_percentage DOUBLE PRECISION,
    ADD COLUMN result              JSONB,
    ADD COLUMN last_heartbeat_at   TIMESTAMPTZ,
    ADD COLUMN task_token_hash     TEXT UNIQUE;

-- Every try at running a task: the node, when, and how it went. A lost node's try is kept too.
CREATE TABLE task_attempts (
    task_id     BIGINT      NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    attempt     INTEGER     NOT NULL,
    node_key    TEXT        NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at    TIMESTAMPTZ,
    outcome     TEXT,
    exit_code   INTEGER,
    error       TEXT,
    PRIMARY KEY (task_id, attempt)
);

-- Items: one row an item, keyed so that a retried write stores nothing twice; an optional
-- per-spider dedup key makes a second item with the same key be ignored or overwrite the first.
CREATE TABLE items (
    task_id    BIGINT      NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    attempt    INTEGER     NOT NULL,
    seq        BIGINT      NOT NULL,
    spider_id  BIGINT      NOT NULL,
    dedup_key  TEXT,
    data       JSONB       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (task_id, attempt, seq)
);
CREATE UNIQUE INDEX items_spider_dedup ON items (spider_id, dedup_key) WHERE dedup_key IS NOT NULL;
CREATE INDEX items_spider ON items (spider_id, task_id);
