#!/usr/bin/env bash
# Soak: N back-to-back cycles of /bin/true in one `pxl run` (default 10,000), sampled from /proc:
# RSS, open descriptors, threads and zombie children after the first 100 cycles, then every
# `every` cycles (default 1,000), and near the end. Every sample is also written to samples.tsv.
# Goals (issue 6): RSS growth < 10 MB, no growth in descriptors or threads, zero zombies.
# DOTNET_* variables in the environment reach the process (e.g. DOTNET_GCHeapHardLimit=0x4000000).
# Usage: bench/soak/run.sh [cycles] [every]
set -euo pipefail
cd "$(dirname "$0")/../.."
cycles=${1:-10000}
every=${2:-1000}
out=$(mktemp -d)
dotnet build src/PxlScheduler -c Release -o "$out/pxl" -v quiet -nologo > /dev/null
ws="$out/ws"; mkdir -p "$ws"; cd "$ws"

dotnet "$out/pxl/pxl.dll" run --iterations "$cycles" --sleep 0 -- /bin/true > "$out/run.out" 2>&1 &
pid=$!
lines() { [ -f state/run_cycle_history.jsonl ] && wc -l < state/run_cycle_history.jsonl || echo 0; }
# The smallest of ten samples: a cycle in progress holds pipes, and an exited child is a zombie until reaped, for a moment.
sample() {
  local best=""
  for _ in $(seq 10); do
    local rss fds thr zomb
    rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
    fds=$(ls /proc/$pid/fd | wc -l)
    thr=$(ls /proc/$pid/task | wc -l)
    zomb=$(awk -v p="$pid" '{ sub(/.*\) /, ""); if ($1 == "Z" && $2 == p) n++ } END { print n+0 }' /proc/[0-9]*/stat 2>/dev/null)
    if [ -z "$best" ]; then best="$rss $fds $thr $zomb"; else
      best=$(echo "$best $rss $fds $thr $zomb" | awk '{ printf "%d %d %d %d", ($5<$1?$5:$1), ($6<$2?$6:$2), ($7<$3?$7:$3), ($8<$4?$8:$4) }')
    fi
    sleep 0.02
  done
  echo "$best"
}
start=$(date +%s.%N)
printf 'cycles\trss_kb\tfds\tthreads\tzombies\n' > "$out/samples.tsv"
record() { # $1 = the cycle count to wait for
  until [ "$(lines)" -ge "$1" ]; do sleep 0.2; done
  local s; s=$(sample)
  printf '%d\t%s\n' "$(lines)" "$(echo "$s" | tr ' ' '\t')" >> "$out/samples.tsv"
  echo "$s"
}
read -r rss0 fds0 thr0 z0 <<< "$(record 100)"
for ((c = every; c < cycles - 50; c += every)); do record "$c" > /dev/null; done
read -r rss1 fds1 thr1 z1 <<< "$(record $((cycles - 50)))"
wait $pid
end=$(date +%s.%N)

printf 'soak: %d cycles of /bin/true in %.1f s (%.1f ms per cycle, start-up included)\n' "$cycles" "$(echo "$end - $start" | bc)" "$(echo "($end - $start) * 1000 / $cycles" | bc -l)"
env | grep '^DOTNET_' | sed 's/^/environment: /' || true
printf '%-22s %12s %12s %10s\n' figure "after 100" "near end" growth
printf '%-22s %9d KB %9d KB %7d KB\n' RSS "$rss0" "$rss1" $((rss1 - rss0))
printf '%-22s %12d %12d %10d\n' "open descriptors" "$fds0" "$fds1" $((fds1 - fds0))
printf '%-22s %12d %12d %10d\n' threads "$thr0" "$thr1" $((thr1 - thr0))
printf '%-22s %12d %12d %10d\n' "zombie children" "$z0" "$z1" $((z1 - z0))
echo "samples (every $every cycles):"
column -t "$out/samples.tsv"
printf 'ledger lines: %d; workspace: %s\n' "$(lines)" "$ws"
