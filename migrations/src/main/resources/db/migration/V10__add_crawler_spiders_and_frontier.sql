-- Built-in task types: a spider is a command of its own, or a crawler described by a JSON config
-- (checked against the crawler's JSON Schema when it is registered).
ALTER TABLE spiders
    ADD COLUMN type   TEXT  NOT NULL DEFAULT 'command' CHECK (type IN ('command', 'crawler')),
    ADD COLUMN config JSONB;

-- A crawl's frontier: one per run of a crawler (the tasks of one run share it through their group,
-- a task run alone has its own), so that a retried attempt or a re-dispatched task continues it.
CREATE TABLE crawl_frontiers (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    crawl_key  TEXT        NOT NULL UNIQUE,
    spider_id  BIGINT      NOT NULL,
    max_pages  INTEGER     NOT NULL CHECK (max_pages >= 1),
    -- URLs leased, fetched or done: what counts against max_pages.
    taken      INTEGER     NOT NULL DEFAULT 0 CHECK (taken >= 0),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every URL a crawl has seen, once, by the SHA-256 of its normalised form: the queue and the
-- seen-set in one. A URL is queued, leased to one attempt of one task, fetched (its item printed
-- but maybe not yet stored), done, or denied by robots.txt.
CREATE SEQUENCE crawl_urls_batches;
CREATE TABLE crawl_urls (
    frontier_id    BIGINT      NOT NULL REFERENCES crawl_frontiers (id) ON DELETE CASCADE,
    fp             BYTEA       NOT NULL,
    -- Its place in the queue: the batch it was found in (crawl_urls_batches) times 100000, plus its
    -- position in the batch.
    seq            BIGINT      NOT NULL,
    url            TEXT        NOT NULL,
    depth          INTEGER     NOT NULL CHECK (depth >= 0),
    state          TEXT        NOT NULL CHECK (state IN ('queued', 'leased', 'fetched', 'done', 'denied')),
    holder_task    BIGINT,
    holder_attempt INTEGER,
    -- What the last fetch of it found, for the task's stats.
    outcome        TEXT,
    status_code    INTEGER,
    bytes          BIGINT,
    fetch_millis   BIGINT,
    retries        INTEGER,
    items          INTEGER,
    item_url       TEXT,
    PRIMARY KEY (frontier_id, fp)
);
CREATE INDEX crawl_urls_queue ON crawl_urls (frontier_id, depth, seq) WHERE state = 'queued';
CREATE INDEX crawl_urls_holder ON crawl_urls (frontier_id, holder_task, holder_attempt)
    WHERE state IN ('leased', 'fetched');
CREATE INDEX crawl_urls_by_task ON crawl_urls (holder_task) WHERE holder_task IS NOT NULL;

-- The attempts working on a crawl. One that stops calling in before its lease runs out is
-- resolved: what it had leased goes back to the queue, and what it had fetched is kept only if its
-- item reached the items table.
CREATE TABLE crawl_holders (
    frontier_id BIGINT      NOT NULL REFERENCES crawl_frontiers (id) ON DELETE CASCADE,
    task_id     BIGINT      NOT NULL,
    attempt     INTEGER     NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    ended_at    TIMESTAMPTZ,
    resolved_at TIMESTAMPTZ,
    PRIMARY KEY (frontier_id, task_id, attempt)
);

-- Politeness for a spider as a whole, across all its tasks: the token bucket of its rate (as the
-- theoretical arrival time of the generic cell rate algorithm) and the next free slot per host.
CREATE TABLE crawl_rates (
    spider_id BIGINT      PRIMARY KEY,
    tat       TIMESTAMPTZ NOT NULL
);
CREATE TABLE crawl_host_slots (
    spider_id BIGINT      NOT NULL,
    host      TEXT        NOT NULL,
    next_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (spider_id, host)
);
