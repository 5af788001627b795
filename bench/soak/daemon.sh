#!/usr/bin/env bash
# Soak of a real `pxl serve` (issue 19): a continuous schedule (sleep 0) whose command, a script pxl starts without a
# shell, leaves behind each cycle a daemon that escaped the run (`setsid env -i sleep 3`, still running when the
# cycle ends: pxl must stop it) and an orphan that exits mid-cycle (`setsid env -i sleep 0.1`: pxl, a child
# subreaper, must reap it). Every `every` seconds (default 30) for `minutes` (default 10) it samples serve
# (bench/soak/sample.sh): RSS, open descriptors, threads, zombie children, all its descendants, cycles recorded.
# Goals: 0 zombies at every sample, no daemon left (descendants stay those of the cycle in progress), no growth
# in descriptors or threads. Serve runs without HTTP; DOTNET_* variables reach it. serve is stopped with SIGTERM
# at the end, and every escaped `sleep 3` must be gone by then.
# Usage: bench/soak/daemon.sh [minutes] [every]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=bench/soak/sample.sh
source bench/soak/sample.sh
minutes=${1:-10}
every=${2:-30}
out=$(mktemp -d)
dotnet build src/PxlScheduler -c Release -o "$out/pxl" -v quiet -nologo > /dev/null
ws="$out/ws"; mkdir -p "$ws/schedules"; cd "$ws"
# Each daemon's pid (setsid and env exec in place) goes to daemons.pids, to look for survivors at the end.
cat > cycle.sh << SCRIPT
#!/bin/sh
(setsid env -i sleep 0.1 &)
(setsid env -i sleep 3 & echo \$! >> "$ws/daemons.pids")
sleep 0.5
SCRIPT
chmod +x cycle.sh
printf '{ "continuous": { "sleepSeconds": 0 }, "command": "%s" }\n' "$ws/cycle.sh" > schedules/daemon.json

PXL_Http__Enabled=false dotnet "$out/pxl/pxl.dll" serve > "$out/serve.out" 2>&1 &
pid=$!
trap 'kill "$pid" 2> /dev/null || true' EXIT
until grep -q 'pxl serve: ready' "$out/serve.out"; do
  [ -d "/proc/$pid" ] || { cat "$out/serve.out"; exit 1; }
  sleep 0.2
done

printf 'seconds\tcycles\trss_kb\tfds\tthreads\tzombies\tdescendants\n' > "$out/samples.tsv"
start=$(date +%s)
end=$((start + minutes * 60))
max_zombies=0
# A sample at 0 s, every `every` s after, and at the end; on a loaded machine a sample itself takes seconds.
for ((tick = start; ; tick += every)); do
  ((tick > end)) && tick=$end
  now=$(date +%s)
  ((now < tick)) && sleep $((tick - now))
  at=$(($(date +%s) - start)) cycles=$(lines)
  read -r rss fds thr zomb desc <<< "$(sample "$pid")"
  printf '%d\t%d\t%d\t%d\t%d\t%d\t%d\n' "$at" "$cycles" "$rss" "$fds" "$thr" "$zomb" "$desc" >> "$out/samples.tsv"
  ((zomb > max_zombies)) && max_zombies=$zomb
  ((tick >= end)) && break
done

kill -TERM "$pid"
wait "$pid" && status=0 || status=$?
trap - EXIT
sleep 3.5 # a `sleep 3` pxl failed to stop would still be running now
started=$(wc -l < daemons.pids)
left=0
while read -r p; do [ "$(tr '\0' ' ' 2> /dev/null < "/proc/$p/cmdline")" = "sleep 3 " ] && left=$((left + 1)); done < daemons.pids
stopped=$(grep -rho '[0-9]* process(es) that left the run.s environment' logs/run_cycle | awk '{ s += $1 } END { print s + 0 }')
statuses=$(awk -F'"status":"' 'NF > 1 { split($2, a, "\""); n[a[1]]++ } END { for (s in n) printf "%s %d, ", s, n[s] }' state/run_cycle_history.jsonl)

printf 'soak (daemon): %d min of serve, %d cycles (%s), serve exit %d\n' "$minutes" "$(lines)" "${statuses%, }" "$status"
env | grep -iE '^DOTNET_(gc|TieredCompilation|TC_)' | sed 's/^/environment: /' || true
printf 'escaped daemons: %d started, %d stopped by pxl (its run logs), %d still running after serve stopped\n' \
  "$started" "$stopped" "$left"
printf 'zombie children of serve: at most %d in a sample\n' "$max_zombies"
echo "samples (every $every s; the smallest of ten reads each):"
column -t "$out/samples.tsv"
printf 'workspace: %s\n' "$ws"
