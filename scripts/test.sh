#!/usr/bin/env bash
# `make test`: the SQLite half and the PostgreSQL half side by side, one core each.
#
# The halves share nothing at run time (an in-memory SQLite database; a PostgreSQL test database
# named after the process), so on a 2-core machine running them together halves the wall clock.
# The PostgreSQL half runs only the tests that touch the test database
# (TILLIT_TEST_DATABASE_ONLY, see the root conftest): parsers, the analyser and subprocess tests
# with a database of their own already ran in the SQLite half. Browser tests run in the SQLite
# half. Each half prints its 15 slowest tests; the PostgreSQL half's output follows the SQLite
# half's. Without a PostgreSQL server the half is skipped with a message, unless
# TILLIT_REQUIRE_POSTGRES is set (CI), which makes it a failure.
set -u
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_TEST_URL="${PG_TEST_URL:-postgres://postgres@127.0.0.1:5432/tillit}"
DURATIONS=(--durations=15 --durations-min=0)
started=$(date +%s)

pg_pid=""
pg_log=""
if "$BIN/python" scripts/pg_available.py "$PG_TEST_URL"; then
  pg_log=$(mktemp -t tillit-test-postgres.XXXXXX)
  (
    t0=$(date +%s)
    TILLIT_DATABASE_URL="$PG_TEST_URL" TILLIT_TEST_DATABASE_ONLY=1 \
      "$BIN/python" -m pytest -q -m "not browser" "${DURATIONS[@]}" "$@"
    rc=$?
    echo "== PostgreSQL half: $(($(date +%s) - t0)) s, exit status $rc"
    exit $rc
  ) >"$pg_log" 2>&1 &
  pg_pid=$!
  echo "== PostgreSQL half started in the background ($PG_TEST_URL); its output follows the SQLite half's"
elif [ -n "${TILLIT_REQUIRE_POSTGRES:-}" ]; then
  echo "PostgreSQL at $PG_TEST_URL is required (TILLIT_REQUIRE_POSTGRES) but not reachable."
  exit 1
else
  echo "== PostgreSQL not reachable at $PG_TEST_URL: PostgreSQL half skipped."
fi

echo "== SQLite half"
t0=$(date +%s)
"$BIN/python" -m pytest -q "${DURATIONS[@]}" "$@"
sqlite_rc=$?
echo "== SQLite half: $(($(date +%s) - t0)) s, exit status $sqlite_rc"

pg_rc=0
if [ -n "$pg_pid" ]; then
  echo "== waiting for the PostgreSQL half"
  wait "$pg_pid"
  pg_rc=$?
  echo "== PostgreSQL half output ($PG_TEST_URL)"
  cat "$pg_log"
  rm -f "$pg_log"
fi
echo "== make test: $(($(date +%s) - started)) s wall clock; SQLite exit $sqlite_rc, PostgreSQL exit $pg_rc"
[ "$sqlite_rc" -eq 0 ] && [ "$pg_rc" -eq 0 ]
