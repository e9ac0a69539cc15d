-- Spiders: for now a command plus inline files; versions come with file uploads.
CREATE TABLE spiders (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT        NOT NULL UNIQUE,
    description TEXT        NOT NULL DEFAULT '',
    command     TEXT        NOT NULL,
    files       JSONB       NOT NULL DEFAULT '{}'::jsonb,
    env         JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Tasks: the read model of task workflows (the workflow is the source of truth while it runs).
CREATE TABLE tasks (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    spider_id     BIGINT      NOT NULL REFERENCES spiders (id),
    status        TEXT        NOT NULL CHECK (status IN ('pending', 'preparing', 'running', 'finished',
                                                        'error', 'cancelled', 'timed_out', 'abnormal')),
    command       TEXT        NOT NULL,
    params        JSONB       NOT NULL DEFAULT '{}'::jsonb,
    env           JSONB       NOT NULL DEFAULT '{}'::jsonb,
    runtime_limit_ms BIGINT   NOT NULL DEFAULT 0,
    node_key      TEXT,
    exit_code     INTEGER,
    stop_mode     TEXT        NOT NULL DEFAULT 'none' CHECK (stop_mode IN ('none', 'graceful', 'forced')),
    error_kind    TEXT,
    error_message TEXT,
    log_lines     BIGINT      NOT NULL DEFAULT 0,
    cancel_requested_at TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ
);
CREATE INDEX tasks_spider_created ON tasks (spider_id, id DESC);
CREATE INDEX tasks_status_created ON tasks (status, id DESC);

-- Task logs: one row a line, keyed so that a retried write stores nothing twice.
CREATE TABLE task_logs (
    task_id BIGINT      NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    attempt INTEGER     NOT NULL,
    seq     BIGINT      NOT NULL,
    ts      TIMESTAMPTZ NOT NULL,
    stream  TEXT        NOT NULL CHECK (stream IN ('stdout', 'stderr', 'system')),
    line    TEXT        NOT NULL,
    PRIMARY KEY (task_id, attempt, seq)
);

-- API tokens: only a SHA-256 of each token is kept.
CREATE TABLE api_tokens (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT        NOT NULL,
    token_hash TEXT        NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at TIMESTAMPTZ
);
