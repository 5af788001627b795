#!/usr/bin/env bash
# Soak: N back-to-back cycles of /bin/true in one `pxl run` (default 10,000), sampled from /proc:
# RSS, open descriptors, threads, zombie children and descendants (bench/soak/sample.sh) after the
# first 100 cycles, then every `every` cycles (default 1,000), and 5 % before the end. Every sample is
# also written to samples.tsv.
# Goals (issue 6): RSS growth < 10 MB, no growth in descriptors or threads, zero zombies.
# DOTNET_* variables in the environment reach the process (e.g. DOTNET_GCHeapHardLimit=0x4000000).
# Usage: bench/soak/run.sh [cycles] [every]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=bench/soak/sample.sh
source bench/soak/sample.sh
cycles=${1:-10000}
every=${2:-1000}
out=$(mktemp -d)
dotnet build src/PxlScheduler -c Release -o "$out/pxl" -v quiet -nologo > /dev/null
ws="$out/ws"; mkdir -p "$ws"; cd "$ws"

dotnet "$out/pxl/pxl.dll" run --iterations "$cycles" --sleep 0 -- /bin/true > "$out/run.out" 2>&1 &
pid=$!
# The managed side, when dotnet-counters is installed (dotnet tool install -g dotnet-counters): GC heap and
# working set every 5 s into counters.csv, to tell a managed leak from the runtime sizing its heaps.
counters=$(command -v dotnet-counters || ls ~/.dotnet/tools/dotnet-counters 2>/dev/null || true)
if [ -n "$counters" ]; then
  "$counters" collect -p "$pid" --counters System.Runtime --refresh-interval 5 --format csv -o "$out/counters.csv" > /dev/null 2>&1 &
fi
start=$(date +%s.%N)
printf 'cycles\trss_kb\tfds\tthreads\tzombies\tdescendants\n' > "$out/samples.tsv"
record() { # $1 = the cycle count to wait for
  until [ "$(lines)" -ge "$1" ] || [ ! -d "/proc/$pid" ]; do sleep 0.2; done
  local s; s=$(sample "$pid")
  printf '%d\t%s\n' "$(lines)" "$(echo "$s" | tr ' ' '\t')" >> "$out/samples.tsv"
  echo "$s"
}
# Sampling takes a while on a loaded machine while cycles go on: the last sample is taken 5 % before the end.
last=$((cycles - (cycles / 20 > 100 ? cycles / 20 : 100)))
read -r rss0 fds0 thr0 z0 _ <<< "$(record 100)"
for ((c = every; c < last; c += every)); do record "$c" > /dev/null; done
read -r rss1 fds1 thr1 z1 _ <<< "$(record "$last")"
wait $pid
end=$(date +%s.%N)

printf 'soak: %d cycles of /bin/true in %.1f s (%.1f ms per cycle, start-up included)\n' "$cycles" "$(echo "$end - $start" | bc)" "$(echo "($end - $start) * 1000 / $cycles" | bc -l)"
env | grep -iE '^DOTNET_(gc|TieredCompilation|TC_)' | sed 's/^/environment: /' || true
printf '%-22s %12s %12s %10s\n' figure "after 100" "at $last" growth
printf '%-22s %9d KB %9d KB %7d KB\n' RSS "$rss0" "$rss1" $((rss1 - rss0))
printf '%-22s %12d %12d %10d\n' "open descriptors" "$fds0" "$fds1" $((fds1 - fds0))
printf '%-22s %12d %12d %10d\n' threads "$thr0" "$thr1" $((thr1 - thr0))
printf '%-22s %12d %12d %10d\n' "zombie children" "$z0" "$z1" $((z1 - z0))
echo "samples (every $every cycles):"
column -t "$out/samples.tsv"
if [ -f "$out/counters.csv" ]; then
  # One row per 5 s sample: the managed heap after the last GC (all generations), the memory the GC has
  # committed, the working set, and the assemblies loaded; every sixth row (30 s) and the last are shown.
  echo "managed side (dotnet-counters, MB):"
  awk -F, 'NR > 1 {
      t = $1; if (!(t in seen)) { seen[t] = 1; order[++n] = t }
      if ($3 ~ /gc.last_collection.heap.size/) heap[t] += $NF
      else if ($3 ~ /memory.committed_size/) committed[t] = $NF
      else if ($3 ~ /memory.working_set/) ws[t] = $NF
      else if ($3 ~ /assembly.count/) asm[t] = $NF
    }
    END {
      printf "  %-20s %10s %10s %10s %10s\n", "time", "gc heap", "committed", "working set", "assemblies"
      for (i = 1; i <= n; i++) if (i == 1 || i % 6 == 0 || i == n) {
        t = order[i]; printf "  %-20s %10.1f %10.1f %10.1f %10d\n", t, heap[t] / 1048576, committed[t] / 1048576, ws[t] / 1048576, asm[t]
      }
    }' "$out/counters.csv"
fi
printf 'ledger lines: %d; workspace: %s\n' "$(lines)" "$ws"
