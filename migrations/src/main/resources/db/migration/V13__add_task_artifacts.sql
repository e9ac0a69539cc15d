-- The files a task's run left in its output directory, kept after it ended. A kept file's body is
-- in blobs, by content hash, like a spider's files; a refused one (over the node's limits, or not a
-- regular file) has no body and says why, so that nothing a spider wrote disappears unexplained.
CREATE TABLE task_artifacts (
    task_id    BIGINT      NOT NULL,
    attempt    INTEGER     NOT NULL CHECK (attempt >= 1),
    path       TEXT        NOT NULL CHECK (path <> '' AND length(path) <= 1024),
    size       BIGINT      NOT NULL CHECK (size >= 0),
    sha256     TEXT        REFERENCES blobs (sha256),
    refused    TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (task_id, attempt, path),
    CHECK ((sha256 IS NULL) <> (refused IS NULL))
);
