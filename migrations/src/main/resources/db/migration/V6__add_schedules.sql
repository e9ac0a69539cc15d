-- Schedules: a spider run on a cron expression. The row holds the settings each firing turns into
-- tasks (read at fire time, so that an update applies to the next firing) and the schedule's
-- health: consecutive failed runs, and whether and why it is paused.
CREATE TABLE schedules (
    id                   BIGSERIAL   PRIMARY KEY,
    spider_id            BIGINT      NOT NULL REFERENCES spiders (id) ON DELETE CASCADE,
    spider_version       INTEGER,
    cron                 TEXT        NOT NULL,
    time_zone            TEXT        NOT NULL DEFAULT 'UTC',
    params               JSONB       NOT NULL DEFAULT '{}'::jsonb,
    env                  JSONB       NOT NULL DEFAULT '{}'::jsonb,
    dispatch_mode        TEXT        NOT NULL DEFAULT 'random' CHECK (dispatch_mode IN ('random', 'selected', 'all')),
    nodes                JSONB       NOT NULL DEFAULT '[]'::jsonb,
    reassign             BOOLEAN     NOT NULL DEFAULT false,
    overlap              TEXT        NOT NULL DEFAULT 'skip'
        CHECK (overlap IN ('skip', 'buffer_one', 'buffer_all', 'cancel_other', 'allow_all')),
    max_attempts         INTEGER     CHECK (max_attempts BETWEEN 1 AND 20),
    runtime_limit_ms     BIGINT      CHECK (runtime_limit_ms >= 0),
    enabled              BOOLEAN     NOT NULL DEFAULT true,
    paused               BOOLEAN     NOT NULL DEFAULT false,
    pause_note           TEXT,
    consecutive_failures INTEGER     NOT NULL DEFAULT 0,
    auto_pause_after     INTEGER     NOT NULL DEFAULT 10 CHECK (auto_pause_after >= 1),
    last_outcome_firing  TEXT,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The schedule that made a task, and the firing: a retried firing finds the tasks it made already
-- instead of making them again.
ALTER TABLE tasks
    ADD COLUMN schedule_id     BIGINT,
    ADD COLUMN schedule_firing TEXT;
CREATE INDEX tasks_schedule ON tasks (schedule_id, id) WHERE schedule_id IS NOT NULL;
CREATE UNIQUE INDEX tasks_schedule_firing ON tasks (schedule_firing, COALESCE(pinned_node, ''))
    WHERE schedule_firing IS NOT NULL;
