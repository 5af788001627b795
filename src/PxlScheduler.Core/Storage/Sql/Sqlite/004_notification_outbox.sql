-- The notification outbox (SPEC 14): one row per (event, channel), written in the step that records the event's
-- cause (a run's row in the same transaction), delivered by serve. Instants are ISO-8601 UTC text: they sort as text.
CREATE TABLE IF NOT EXISTS pxl_notification_outbox (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    event_id        TEXT    NOT NULL,
    event           TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    schedule        TEXT    NOT NULL,
    run_id          TEXT,
    payload         TEXT    NOT NULL, -- the event as JSON, as every delivery of it sends it
    created_at      TEXT    NOT NULL,
    state           TEXT    NOT NULL, -- pending, delivered, failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    claimed_by      TEXT,             -- the node delivering it now, until claimed_until
    claimed_until   TEXT,
    last_error      TEXT,
    delivered_at    TEXT,
    UNIQUE (event_id, channel)
);

CREATE INDEX IF NOT EXISTS ix_outbox_due ON pxl_notification_outbox (state, next_attempt_at);
