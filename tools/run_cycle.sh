#!/usr/bin/env bash
# run_cycle.sh — the example planner cycle PxlScheduler runs by default.
#
# REPLACE THIS with your own planner: point Cycle:Command in appsettings.json (or a schedule's
# "command") at it. It only shows the contract a cycle keeps:
#   * arguments: --mode M --goal G --cap-writes N --run-id ID (from Cycle:Arguments);
#     the same values arrive as PXL_MODE, PXL_GOAL, PXL_CAP_WRITES, PXL_RUN_ID, plus PXL_SCHEDULE
#     and PXL_RUN_LOG;
#   * the working directory is the repository root; stdout and stderr go to the run log;
#   * exit 0 for success, anything else for failure;
#   * append one JSON line per cycle to state/planner_digests.jsonl (PxlScheduler archives it);
#   * write at most --cap-writes files under sandbox/ (more ends the cycle as write_cap_exceeded).
set -euo pipefail

mode="${PXL_MODE:-experimental}"
goal="${PXL_GOAL:-}"
cap_writes="${PXL_CAP_WRITES:-3}"
run_id="${PXL_RUN_ID:-manual-$(date -u +%Y%m%dT%H%M%SZ)}"

while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="$2"; shift 2 ;;
    --goal) goal="$2"; shift 2 ;;
    --cap-writes) cap_writes="$2"; shift 2 ;;
    --run-id) run_id="$2"; shift 2 ;;
    *) echo "run_cycle.sh: unknown argument: $1" >&2; exit 64 ;;
  esac
done

case "$cap_writes" in
  ''|*[!0-9]*) echo "run_cycle.sh: --cap-writes must be a whole number, got '$cap_writes'" >&2; exit 64 ;;
esac

json_escape() {
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\n'/\\n}; s=${s//$'\r'/\\r}; s=${s//$'\t'/\\t}
  printf '%s' "$s"
}

now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "cycle $run_id: mode=$mode cap_writes=$cap_writes"
echo "goal: $goal"

# A real planner would think here. The example writes one note into the sandbox, within the cap.
mkdir -p sandbox state
if [ "$cap_writes" -gt 0 ]; then
  printf '%s %s\n' "$now" "$run_id" > "sandbox/last_cycle.txt"
  echo "wrote sandbox/last_cycle.txt"
fi

printf '{"run_id":"%s","at":"%s","mode":"%s","goal":"%s","summary":"example cycle"}\n' \
  "$(json_escape "$run_id")" "$now" "$(json_escape "$mode")" "$(json_escape "$goal")" >> state/planner_digests.jsonl
echo "appended a digest line to state/planner_digests.jsonl"
