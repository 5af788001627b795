-- The mirror made tolerant and compact (issue 4).
-- * raw holds the JSONL line only when it differs from the canonical serialization of the row's
--   columns (a foreign writer, extra fields, other formatting). A line pxl wrote itself is exactly its
--   columns, so storing it again would more than double the database: measured on 200,000 runs, 2.26x the
--   JSONL with every line kept against 1.00x without (README, "The ledger in SQL").
-- * Every column but run_id may be NULL: a line from an older or foreign writer is imported as far as
--   it goes, and what it lacks is unknown, not invented.
-- * Indexes for `pxl ledger stats`: per schedule and status over a time window, and durations in
--   order for the percentiles. ix_runs_status (status alone) served no query of pxl's and is dropped.
CREATE TABLE runs_v2 (
    run_id               TEXT NOT NULL PRIMARY KEY,
    schedule             TEXT,
    trigger              TEXT,
    mode                 TEXT,
    goal                 TEXT,
    started_at           TEXT, -- ISO-8601 UTC, yyyy-MM-ddTHH:mm:ss.fffZ: sorts as text
    finished_at          TEXT,
    duration_ms          INTEGER,
    status               TEXT,
    exit_code            INTEGER,
    consecutive_failures INTEGER,
    log_path             TEXT,
    archive_path         TEXT,
    digest_lines         INTEGER,
    writes               INTEGER,
    error                TEXT,
    host                 TEXT,
    raw                  TEXT  -- the line as written, when it is not the canonical form of the columns
);

INSERT INTO runs_v2 SELECT run_id, schedule, trigger, mode, goal, started_at, finished_at, duration_ms, status,
    exit_code, consecutive_failures, log_path, archive_path, digest_lines, writes, error, host, raw FROM runs ORDER BY rowid;
DROP TABLE runs;
ALTER TABLE runs_v2 RENAME TO runs;

CREATE INDEX ix_runs_schedule_started ON runs (schedule, started_at);
CREATE INDEX ix_runs_started ON runs (started_at);
CREATE INDEX ix_runs_schedule_status ON runs (schedule, status, started_at, duration_ms);
CREATE INDEX ix_runs_schedule_duration ON runs (schedule, duration_ms, started_at);

-- How far reconciliation has read each JSONL ledger, so that a start reads only what was appended
-- since (the file is append-only); the fingerprint and the row count detect a replaced file or
-- deleted rows, which send it back to a full pass.
CREATE TABLE pxl_ledger_sync (
    ledger      TEXT    NOT NULL PRIMARY KEY,
    byte_offset INTEGER NOT NULL,
    line_number INTEGER NOT NULL,
    row_count   INTEGER NOT NULL,
    fingerprint TEXT    NOT NULL,
    synced_at   TEXT    NOT NULL
);
