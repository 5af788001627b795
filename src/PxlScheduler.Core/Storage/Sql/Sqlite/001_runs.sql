-- The ledger's SQL mirror (SPEC 9): one row per JSONL line, keyed by run_id, the line itself in raw.
CREATE TABLE runs (
    run_id               TEXT    NOT NULL PRIMARY KEY,
    schedule             TEXT    NOT NULL,
    trigger              TEXT    NOT NULL,
    mode                 TEXT    NOT NULL,
    goal                 TEXT    NOT NULL,
    started_at           TEXT    NOT NULL, -- ISO-8601 UTC, yyyy-MM-ddTHH:mm:ss.fffZ: sorts as text
    finished_at          TEXT    NOT NULL,
    duration_ms          INTEGER NOT NULL,
    status               TEXT    NOT NULL,
    exit_code            INTEGER,
    consecutive_failures INTEGER NOT NULL,
    log_path             TEXT,
    archive_path         TEXT,
    digest_lines         INTEGER NOT NULL DEFAULT 0,
    writes               INTEGER NOT NULL DEFAULT 0,
    error                TEXT,
    host                 TEXT    NOT NULL,
    raw                  TEXT    NOT NULL
);

CREATE INDEX ix_runs_schedule_started ON runs (schedule, started_at);
CREATE INDEX ix_runs_started ON runs (started_at);
CREATE INDEX ix_runs_status ON runs (status);
