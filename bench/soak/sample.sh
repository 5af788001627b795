# Sourced by the soak scripts (run.sh, daemon.sh): the figures of one process, read from /proc and ps.
# sample PID prints "rss_kb fds threads zombies descendants": the smallest of ten reads 20 ms apart, since a
# cycle in progress holds pipes and processes, and an exited child is a zombie until reaped, for a moment;
# a leak stays in every read. zombies = children of PID in state Z; descendants = every process below PID.

# The cycles recorded so far: the ledger's lines, in the workspace (the working directory).
lines() { [ -f state/run_cycle_history.jsonl ] && wc -l < state/run_cycle_history.jsonl || echo 0; }

# The processes below $1 at any depth, from one ps listing of pid and parent.
descendants() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2 }
    END { n = 0; for (p in parent) for (q = parent[p]; q > 1; q = parent[q]) if (q == root) { n++; break }; print n }'
}

sample() {
  local pid=$1 rows="" rss fds thr zomb desc
  for _ in $(seq 10); do
    [ -d "/proc/$pid" ] || break # ended meanwhile: keep what was sampled
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2> /dev/null || true)
    fds=$(ls "/proc/$pid/fd" 2> /dev/null | wc -l)
    thr=$(ls "/proc/$pid/task" 2> /dev/null | wc -l)
    zomb=$(ps --ppid "$pid" -o stat= 2> /dev/null | awk '/^Z/ { n++ } END { print n+0 }')
    desc=$(descendants "$pid")
    # A read that raced with the process (an empty or odd value) is dropped, not compared.
    [[ "$rss $fds $thr $zomb $desc" =~ ^[0-9]+\ [0-9]+\ [0-9]+\ [0-9]+\ [0-9]+$ ]] && rows+="$rss $fds $thr $zomb $desc"$'\n'
    sleep 0.02
  done
  printf '%s' "$rows" | awk '{ for (i = 1; i <= 5; i++) if (NR == 1 || $i < m[i]) m[i] = $i }
    END { printf "%d %d %d %d %d\n", m[1], m[2], m[3], m[4], m[5] }'
}
