#!/usr/bin/env bash
# Reference (bench/perf): the bookkeeping of the loop pxl replaces, in shell, N times back to back:
# spawn the cycle command with its output in a per-run log (header and footer), append a JSON line to
# the ledger. Times come from bash's $EPOCHREALTIME, so no `date` process is spawned: the cheapest
# honest version of it. Unlike pxl it flushes nothing to disk, keeps no SQL mirror and no latest.json.
set -u
n=$1
mkdir -p logs state
for ((i = 1; i <= n; i++)); do
  started=$EPOCHREALTIME
  log=logs/run-$i.log
  printf '# run %d\n# command: /bin/true\n' "$i" > "$log"
  /bin/true >> "$log" 2>&1
  code=$?
  finished=$EPOCHREALTIME
  if [ "$code" -eq 0 ]; then status=success; else status=failure; fi
  printf '# status: %s, exit code %d\n' "$status" "$code" >> "$log"
  printf '{"run_id":"%d","started_at":%s,"finished_at":%s,"status":"%s","exit_code":%d,"log_path":"%s"}\n' \
    "$i" "$started" "$finished" "$status" "$code" "$log" >> state/run_cycle_history.jsonl
done
