#!/usr/bin/env bash
# Smoke test of the README's quick start: `npm start` with DATABASE_URL unset on an empty data
# directory must serve /api/v1/health/ready and the Japanese landing page, stop cleanly on
# SIGTERM, and leave no PostgreSQL process behind.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
LOG="${ARTIFACTS:-$ROOT/artifacts}/smoke-start.log"
mkdir -p "$(dirname "$LOG")"
rm -rf .data
embedded_postgres() { pgrep -f "$ROOT/.data/postgres" || true; }
# The README's ports by default; overridable so a busy developer machine can run it too.
API_PORT="${SMOKE_API_PORT:-4000}"
WEB_PORT="${SMOKE_WEB_PORT:-3000}"
PG_PORT="${SMOKE_PG_PORT:-54329}"

start=$(date +%s)
env -u DATABASE_URL MADOGUCHI_ADMIN_EMAIL= MADOGUCHI_ADMIN_PASSWORD= API_PORT="$API_PORT" WEB_PORT="$WEB_PORT" \
  MADOGUCHI_PG_PORT="$PG_PORT" setsid npm start >"$LOG" 2>&1 &
pid=$!

ok=0
for _ in $(seq 1 240); do
  if curl -fsS http://127.0.0.1:$API_PORT/api/v1/health/ready >/dev/null 2>&1 &&
    curl -fsS http://127.0.0.1:$WEB_PORT/ 2>/dev/null | grep -q 'ネットトラブル'; then
    ok=1
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    break
  fi
  sleep 1
done
elapsed=$(($(date +%s) - start))
if [ "$ok" != 1 ]; then
  echo "npm start did not serve the API and the landing page (after ${elapsed}s). Log:"
  tail -50 "$LOG"
  kill -TERM -- -"$pid" 2>/dev/null
  sleep 5
  pkill -KILL -f "$ROOT/.data/postgres" || true
  exit 1
fi
echo "Ready after ${elapsed}s."
grep -q 'password:' "$LOG" && echo "A generated admin password was printed once." || { echo "No admin password printed"; exit 1; }

kill -TERM "$pid"
for _ in $(seq 1 60); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
if kill -0 "$pid" 2>/dev/null; then
  echo "npm start did not stop within 60 s of SIGTERM"
  kill -KILL -- -"$pid" 2>/dev/null
  exit 1
fi
# npm itself exits at once (its `sh -c` child does not pass SIGTERM on); start.ts notices it was orphaned and
# stops the API and the web app, then the embedded PostgreSQL last: give that up to 30 s.
for _ in $(seq 1 30); do
  [ -z "$(embedded_postgres)" ] && break
  sleep 1
done
left=$(embedded_postgres)
if [ -n "$left" ]; then
  echo "PostgreSQL processes left behind: $left"
  ps -o pid,cmd -p $left
  exit 1
fi
for port in $API_PORT $WEB_PORT; do
  if curl -fsS "http://127.0.0.1:$port/" >/dev/null 2>&1; then
    echo "Something still answers on :$port after stop"
    exit 1
  fi
done
echo "Stopped cleanly; no PostgreSQL left behind."
tail -5 "$LOG"
