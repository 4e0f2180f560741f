#!/usr/bin/env bash
# Load test of `mandate serve` on loopback with wrk (a client no one here wrote), bounded in
# time: each level runs for DURATION seconds. Installs wrk with apt-get if it is missing.
#   bash benches/http-load.sh [DURATION_SECONDS]
# Prints, per concurrency level: requests/s, p50 and p99 latency, errors.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq wrk
fi
cargo build --release --quiet
PACK=policies/humanitarian-baseline
FLOW="$PACK/flows/01-gbv-referral-with-consent-allowed.json"
WORK="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
./target/release/mandate serve --policy "$PACK" --addr 127.0.0.1:0 --no-watch \
  --max-concurrency 1024 >"$WORK/addr" 2>"$WORK/log" &
SERVER=$!
for _ in $(seq 1 100); do
  grep -q 'http://' "$WORK/addr" 2>/dev/null && break
  sleep 0.1
done
# The address ends the line, in every language (MANDATE_LANG may be set).
URL="$(sed -n 's|.* \(http://[^ ]*\)$|\1|p' "$WORK/addr")"
# wrk's Lua: every request posts the same flow.
python3 - "$FLOW" >"$WORK/post.lua" <<'PY'
import json, sys
body = json.dumps(json.load(open(sys.argv[1])))
print('wrk.method = "POST"')
print('wrk.headers["Content-Type"] = "application/json"')
print("wrk.body = " + json.dumps(body))
PY
echo "flow: $FLOW; server: $URL; $(nproc) cores; ${DURATION}s per level"
printf '%-12s %-12s %-10s %-10s %s\n' connections requests/s p50 p99 errors
for C in 1 8 32 128; do
  T=$(( C < 2 ? 1 : 2 ))
  wrk -t"$T" -c"$C" -d"${DURATION}s" --latency -s "$WORK/post.lua" "$URL/v1/decide" >"$WORK/out"
  RPS=$(awk '/Requests\/sec/ {print $2}' "$WORK/out")
  P50=$(awk '$1=="50%" {print $2}' "$WORK/out")
  P99=$(awk '$1=="99%" {print $2}' "$WORK/out")
  ERR=$(awk '/Non-2xx|Socket errors/ {print}' "$WORK/out" | tr '\n' ' ')
  printf '%-12s %-12s %-10s %-10s %s\n' "$C" "$RPS" "$P50" "$P99" "${ERR:-0}"
done
