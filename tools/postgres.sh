#!/usr/bin/env bash
# postgres.sh — a throwaway PostgreSQL server for the tests and for developers.
#
#   tools/postgres.sh install        install Debian's `postgresql` package when no server binaries are found
#   tools/postgres.sh start [DIR]    initdb into DIR (default: a new temporary directory) and start a server on
#                                    127.0.0.1, a free port, trust auth, fsync off; prints one line for `eval`:
#                                    export PXL_TEST_POSTGRES='Host=…;Port=…;Username=postgres;Database=postgres' PXL_TEST_POSTGRES_DIR=DIR
#   tools/postgres.sh run [DIR]      the same, but the server stays a child of this script, which prints the line
#                                    when the server is ready and exits when it stops (after `stop DIR`): for a
#                                    caller that is a child subreaper (the test host), which would otherwise adopt
#                                    the daemon pg_ctl leaves and could take it for a cycle's leftover
#   tools/postgres.sh stop DIR       stop that server and remove DIR
#
# The server refuses to run as root: when invoked as root it runs as `postgres` if that user exists,
# otherwise as a system user `pxltest` (created here), otherwise as `nobody`. The server log is DIR/server.log.
# Exit 3 means no server binaries were found.
set -euo pipefail

readonly marker=".pxl-postgres"
readonly start_timeout=60

die() {
  echo "postgres.sh: $*" >&2
  exit 1
}

# The folder holding initdb and pg_ctl: from PATH (symlinks resolved), else the newest /usr/lib/postgresql/*/bin.
find_bindir() {
  local initdb dir
  if initdb=$(command -v initdb 2>/dev/null) && command -v pg_ctl >/dev/null 2>&1; then
    dir=$(dirname "$(readlink -f "$initdb")")
    if [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"
      return 0
    fi
  fi
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
    return 0
  fi
  return 1
}

cmd_install() {
  local bindir
  if bindir=$(find_bindir); then
    echo "postgres.sh: PostgreSQL server binaries found in $bindir" >&2
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "not root and no sudo: install Debian's postgresql package by hand"
    sudo=(sudo)
  fi
  # Only the binaries are wanted: no 'main' cluster created and started on port 5432 by the package scripts.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    "${sudo[@]}" mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" | "${sudo[@]}" tee /etc/postgresql-common/createcluster.conf >/dev/null
  fi
  echo "postgres.sh: installing Debian's postgresql package" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold postgresql >&2
  bindir=$(find_bindir) || die "installed postgresql but found no initdb/pg_ctl"
  echo "postgres.sh: PostgreSQL server binaries installed in $bindir" >&2
}

# The unprivileged user the server runs as when we are root.
server_user() {
  if id -u postgres >/dev/null 2>&1; then
    echo postgres
  elif id -u pxltest >/dev/null 2>&1; then
    echo pxltest
  elif command -v useradd >/dev/null 2>&1 && useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin pxltest >&2; then
    echo pxltest
  else
    echo nobody
  fi
}

# Runs a command as USER (or as is, when USER is empty), from DIR so that no inaccessible working directory bothers it.
as_user() {
  local user="$1" dir="$2"
  shift 2
  if [ -z "$user" ]; then
    (cd "$dir" && "$@")
  elif command -v runuser >/dev/null 2>&1; then
    (cd "$dir" && runuser -u "$user" -- "$@")
  else
    (cd "$dir" && setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups -- "$@")
  fi
}

# A TCP port nothing listens on at the moment (the start retries if it is taken meanwhile).
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "found no free TCP port"
}

cmd_start() {
  local foreground=""
  if [ "${1:-}" = "--foreground" ]; then
    foreground=1
    shift
  fi
  local bindir
  if ! bindir=$(find_bindir); then
    echo "postgres.sh: PostgreSQL server binaries not found: run tools/postgres.sh install, or set PXL_TEST_POSTGRES to a superuser connection string" >&2
    exit 3
  fi

  local dir created=""
  if [ $# -ge 1 ]; then
    dir="$1"
    mkdir -p "$dir"
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
  else
    dir=$(mktemp -d "${TMPDIR:-/tmp}/pxl-postgres.XXXXXX")
    created=1
  fi
  dir=$(readlink -f "$dir")
  touch "$dir/$marker" "$dir/server.log"

  local user=""
  if [ "$(id -u)" -eq 0 ]; then
    user=$(server_user)
    chown -R "$user:" "$dir"
    chmod 700 "$dir"
    as_user "$user" "$dir" test -w "$dir" || die "$user cannot write to $dir (a parent folder is closed to it?)"
  fi

  # On any failure from here: show the log, stop what started, remove a directory we made.
  start_ok=""
  # shellcheck disable=SC2064 # expand now: these locals are gone when the trap runs
  trap "if [ -z \"\$start_ok\" ]; then tail -n 30 '$dir/server.log' >&2 || true; as_user '$user' '$dir' '$bindir/pg_ctl' stop -D '$dir/data' -m immediate >/dev/null 2>&1 || true; [ -z '$created' ] || rm -rf '$dir'; fi" EXIT

  as_user "$user" "$dir" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-sync >>"$dir/server.log" 2>&1 \
    || die "initdb failed (log: $dir/server.log)"

  # Settings for tests: durability off, small memory, room for a few clustered nodes and their pools.
  cat >>"$dir/data/postgresql.conf" <<EOF

# tools/postgres.sh: a throwaway server for tests
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 32MB
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 256MB
wal_level = minimal
max_wal_senders = 0
EOF

  local port="" attempt server_pid=""
  local deadline
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    sed -i '/^port = /d' "$dir/data/postgresql.conf"
    echo "port = $port" >>"$dir/data/postgresql.conf"
    if [ -z "$foreground" ]; then
      if as_user "$user" "$dir" "$bindir/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t "$start_timeout" >/dev/null 2>>"$dir/server.log"; then
        break
      fi
    else
      as_user "$user" "$dir" "$bindir/postgres" -D "$dir/data" >>"$dir/server.log" 2>&1 &
      server_pid=$!
      deadline=$((SECONDS + start_timeout))
      until ready "$bindir" "$port" "$dir"; do
        kill -0 "$server_pid" 2>/dev/null || break
        [ "$SECONDS" -lt "$deadline" ] || die "the server did not start in ${start_timeout} s (log: $dir/server.log)"
        sleep 0.1
      done
      if kill -0 "$server_pid" 2>/dev/null; then
        break
      fi
      wait "$server_pid" || true
      server_pid=""
    fi
    grep -q "could not bind" "$dir/server.log" || die "the server did not start (log: $dir/server.log)"
    echo "postgres.sh: port $port was taken, trying another (attempt $attempt)" >&2
    port=""
  done
  [ -n "$port" ] || die "the server did not start on any port (log: $dir/server.log)"

  # The server is up; check it takes connections over TCP as the tests will connect.
  deadline=$((SECONDS + start_timeout))
  until ready "$bindir" "$port" "$dir"; do
    [ "$SECONDS" -lt "$deadline" ] || die "the server does not accept connections on 127.0.0.1:$port (log: $dir/server.log)"
    sleep 0.1
  done

  start_ok=1
  printf "export PXL_TEST_POSTGRES='Host=127.0.0.1;Port=%s;Username=postgres;Database=postgres' PXL_TEST_POSTGRES_DIR=%q\n" "$port" "$dir"
  if [ -n "$foreground" ]; then
    # Until `stop DIR` (pg_ctl stop, through postmaster.pid) ends it.
    wait "$server_pid" || true
  fi
}

# Whether the server on PORT takes connections: pg_isready over TCP, or its log's line where pg_isready is missing.
ready() {
  local bindir="$1" port="$2" dir="$3"
  if [ -x "$bindir/pg_isready" ]; then
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres
  else
    grep -q "ready to accept connections" "$dir/server.log"
  fi
}

cmd_stop() {
  [ $# -eq 1 ] || die "usage: tools/postgres.sh stop DIR"
  local dir="$1"
  [ -d "$dir" ] || die "$dir does not exist"
  [ -e "$dir/$marker" ] || die "$dir was not made by tools/postgres.sh start: not removing it"
  if [ -f "$dir/data/postmaster.pid" ]; then
    local bindir user=""
    bindir=$(find_bindir) || die "PostgreSQL server binaries not found, cannot stop the server in $dir"
    [ "$(id -u)" -ne 0 ] || user=$(stat -c %U "$dir/data")
    as_user "$user" "$dir" "$bindir/pg_ctl" stop -D "$dir/data" -m fast -w -t 60 >/dev/null 2>>"$dir/server.log" \
      || die "pg_ctl stop failed (log: $dir/server.log)"
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  install) shift; cmd_install "$@" ;;
  start) shift; cmd_start "$@" ;;
  run) shift; cmd_start --foreground "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  *)
    echo "usage: tools/postgres.sh install | start [DIR] | run [DIR] | stop DIR" >&2
    exit 64
    ;;
esac
