-- The notification outbox (SPEC 14), as Sql/Sqlite/004_notification_outbox.sql: one row per (event, channel);
-- nodes claim due rows with FOR UPDATE SKIP LOCKED, so each is delivered by one of them.
CREATE TABLE IF NOT EXISTS pxl_notification_outbox (
    id              BIGSERIAL NOT NULL PRIMARY KEY,
    event_id        TEXT      NOT NULL,
    event           TEXT      NOT NULL,
    channel         TEXT      NOT NULL,
    schedule        TEXT      NOT NULL,
    run_id          TEXT,
    payload         TEXT      NOT NULL,
    created_at      TEXT      NOT NULL,
    state           TEXT      NOT NULL,
    attempts        INTEGER   NOT NULL DEFAULT 0,
    next_attempt_at TEXT      NOT NULL,
    claimed_by      TEXT,
    claimed_until   TEXT,
    last_error      TEXT,
    delivered_at    TEXT,
    UNIQUE (event_id, channel)
);

CREATE INDEX IF NOT EXISTS ix_outbox_due ON pxl_notification_outbox (state, next_attempt_at);
