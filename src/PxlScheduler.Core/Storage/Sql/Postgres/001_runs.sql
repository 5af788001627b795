-- The ledger's SQL mirror on PostgreSQL (SPEC 9, 10): the same table, columns and meaning as on SQLite
-- (after its migration 002), so one set of queries serves both. Instants are ISO-8601 UTC text,
-- yyyy-MM-ddTHH:mm:ss.fffZ, which sorts as text; cast with started_at::timestamptz for date arithmetic.
-- Every node of a cluster writes here; host tells them apart.
CREATE TABLE runs (
    run_id               TEXT NOT NULL PRIMARY KEY,
    schedule             TEXT,
    trigger              TEXT,
    mode                 TEXT,
    goal                 TEXT,
    started_at           TEXT,
    finished_at          TEXT,
    duration_ms          BIGINT,
    status               TEXT,
    exit_code            BIGINT,
    consecutive_failures BIGINT,
    log_path             TEXT,
    archive_path         TEXT,
    digest_lines         BIGINT,
    writes               BIGINT,
    error                TEXT,
    host                 TEXT,
    raw                  TEXT  -- the line as written, when it is not the canonical form of the columns
);

CREATE INDEX ix_runs_schedule_started ON runs (schedule, started_at);
CREATE INDEX ix_runs_started ON runs (started_at);
CREATE INDEX ix_runs_schedule_status ON runs (schedule, status, started_at, duration_ms);
CREATE INDEX ix_runs_schedule_duration ON runs (schedule, duration_ms, started_at);
CREATE INDEX ix_runs_host ON runs (host);

-- How far reconciliation has read each node's JSONL ledger (key: node name and ledger path).
CREATE TABLE pxl_ledger_sync (
    ledger      TEXT   NOT NULL PRIMARY KEY,
    byte_offset BIGINT NOT NULL,
    line_number BIGINT NOT NULL,
    row_count   BIGINT NOT NULL,
    fingerprint TEXT   NOT NULL,
    synced_at   TEXT   NOT NULL
);

-- The cycles running right now, one row each from start until recorded: what lets a surviving node
-- account for the run of a node that died mid-cycle.
CREATE TABLE pxl_runs_in_flight (
    run_id     TEXT NOT NULL PRIMARY KEY,
    schedule   TEXT NOT NULL,
    node       TEXT NOT NULL,
    trigger    TEXT NOT NULL,
    mode       TEXT NOT NULL,
    goal       TEXT NOT NULL,
    started_at TEXT NOT NULL,
    log_path   TEXT NOT NULL
);

CREATE INDEX ix_runs_in_flight_schedule ON pxl_runs_in_flight (schedule);
