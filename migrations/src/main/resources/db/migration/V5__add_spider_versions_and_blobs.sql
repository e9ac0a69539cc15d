-- File bodies, stored once by the SHA-256 of their content (lower-case hex). Rows are never
-- changed: a body is either there, whole, or not there.
CREATE TABLE blobs (
    sha256     TEXT        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size       BIGINT      NOT NULL CHECK (size >= 0),
    body       BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (octet_length(body) = size)
);

-- A spider's files at one upload: an immutable manifest of relative path -> {"sha256", "size"},
-- numbered from 1 per spider.
CREATE TABLE spider_versions (
    spider_id   BIGINT      NOT NULL REFERENCES spiders (id) ON DELETE CASCADE,
    version     INTEGER     NOT NULL CHECK (version >= 1),
    manifest    JSONB       NOT NULL,
    total_bytes BIGINT      NOT NULL,
    file_count  INTEGER     NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (spider_id, version)
);

-- The version a run uses when it names none (null: the spider has no files), and the command
-- that installs the spider's dependencies when the usual manifests are not enough.
ALTER TABLE spiders
    ADD COLUMN current_version INTEGER,
    ADD COLUMN install_command TEXT;

-- The inline files of spiders registered before versions become their version 1.
INSERT INTO blobs (sha256, size, body)
SELECT DISTINCT ON (hash) hash, octet_length(body), body
FROM (SELECT encode(sha256(convert_to(f.value, 'UTF8')), 'hex') AS hash, convert_to(f.value, 'UTF8') AS body
      FROM spiders s, jsonb_each_text(s.files) f) inline
ON CONFLICT (sha256) DO NOTHING;

INSERT INTO spider_versions (spider_id, version, manifest, total_bytes, file_count)
SELECT s.id, 1,
       jsonb_object_agg(f.key, jsonb_build_object(
           'sha256', encode(sha256(convert_to(f.value, 'UTF8')), 'hex'),
           'size', octet_length(convert_to(f.value, 'UTF8')))),
       sum(octet_length(convert_to(f.value, 'UTF8'))),
       count(*)
FROM spiders s, jsonb_each_text(s.files) f
GROUP BY s.id;

UPDATE spiders SET current_version = 1 WHERE id IN (SELECT spider_id FROM spider_versions);

-- Versions are the spiders' files now.
ALTER TABLE spiders DROP COLUMN files;

-- Deferred, so that a spider and its first version can be written by one statement. Added after
-- the rows above are moved: PostgreSQL refuses to alter a table with deferred checks pending.
ALTER TABLE spiders
    ADD CONSTRAINT spiders_current_version_fkey FOREIGN KEY (id, current_version)
        REFERENCES spider_versions (spider_id, version) DEFERRABLE INITIALLY DEFERRED;

-- What a task ran and what its node had to fetch to run it.
ALTER TABLE tasks
    ADD COLUMN spider_version    INTEGER,
    ADD COLUMN sync_files        INTEGER,
    ADD COLUMN sync_bytes        BIGINT,
    ADD COLUMN files_transferred INTEGER,
    ADD COLUMN bytes_transferred BIGINT,
    ADD COLUMN sync_millis       BIGINT;
