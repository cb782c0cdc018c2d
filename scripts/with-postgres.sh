#!/usr/bin/env bash
# Runs a command with TEST_DATABASE_URL pointing at a Postgres server. When none is given, starts a throwaway
# server from the local PostgreSQL binaries (Debian's `postgresql` package) for the duration of the command.
set -euo pipefail
if [ -n "${TEST_DATABASE_URL:-}" ]; then exec "$@"; fi

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "The storage tests also run against a Postgres server: set TEST_DATABASE_URL, or install PostgreSQL (apt-get install postgresql) and this script starts a throwaway one." >&2
  exit 1
fi
dir=$(mktemp -d)
chmod 755 "$dir"
port=$((20000 + RANDOM % 20000))
as=()
# initdb and postgres refuse to run as root.
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$dir"
  as=(su postgres -s /bin/sh -c)
else
  as=(sh -c)
fi
"${as[@]}" "$bin/initdb -D '$dir/data' -U postgres -A trust >/dev/null"
"${as[@]}" "$bin/pg_ctl -D '$dir/data' -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off' -l '$dir/log' -w start >/dev/null"
cleanup() {
  "${as[@]}" "$bin/pg_ctl -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
"$@"
