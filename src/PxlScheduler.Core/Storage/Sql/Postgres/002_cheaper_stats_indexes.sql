-- The indexes of SQLite's migration 003, so both providers keep one schema and one set of queries: the runs that
-- did not succeed in a partial index (stats counts successes as all runs less the others), and status added to
-- the (schedule, started_at) index. See Sql/Sqlite/003_cheaper_stats_indexes.sql for the measurements.
DROP INDEX IF EXISTS ix_runs_schedule_status;
DROP INDEX IF EXISTS ix_runs_schedule_started;
CREATE INDEX IF NOT EXISTS ix_runs_schedule_started_status ON runs (schedule, started_at, status);
CREATE INDEX IF NOT EXISTS ix_runs_schedule_unsuccessful ON runs (schedule, status, started_at) WHERE status IS DISTINCT FROM 'success';
