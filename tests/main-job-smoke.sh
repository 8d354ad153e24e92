#!/usr/bin/env bash
# The main job on a short run (three days, a fifth of the volume): it must finish,
# print the report, and write an event log that imports back and a well-formed SVG.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --locked --release -q -p aryz-examples --example month -- \
  --days 3 --scale 0.2 --seed 7 --lang en --quiet --out "$out" --verify > "$out/report.txt"
fail() { echo "main-job smoke: $*" >&2; exit 1; }
[ -s "$out/report.txt" ] || fail "no report printed"
[ -s "$out/events.jsonl" ] || fail "no event log written"
head -c 5 "$out/month.svg" | grep -q '<svg' || fail "month.svg does not start with <svg"
tail -c 8 "$out/month.svg" | grep -q '</svg>' || fail "month.svg is not closed"
lines=$(wc -l < "$out/events.jsonl")
[ "$lines" -gt 100 ] || fail "only $lines events in three days"
grep -q '"type":"routed"' "$out/events.jsonl" || fail "no appeal was routed"
grep -q '"type":"resolved"' "$out/events.jsonl" || fail "no appeal was resolved"
echo "main-job smoke: 1 passed, 0 failed ($lines events)"
