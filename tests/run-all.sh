#!/usr/bin/env bash
# Runs every test of the workspace: unit, integration, property and doc tests, the
# benchmarks once each in test mode (so they cannot rot), and the examples' own checks.
# Cross-language suites (C, Kotlin, Swift, Python) join here as their bindings land;
# each must install its toolchain itself and fail loudly when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
  echo "tests/run-all.sh: cargo is not installed; install Rust (rustup) first" >&2
  exit 1
fi

export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export PROPTEST_CASES="${PROPTEST_CASES:-256}"

echo "== unit, integration, property tests; benchmarks and examples in test mode"
cargo test --workspace --all-targets --locked
echo "== doc tests (including the README's Rust examples)"
cargo test --workspace --doc --locked
echo "== the API docs build without broken links"
RUSTDOCFLAGS="-D warnings" cargo doc -p aryz --no-deps --locked
echo "== fuzz targets compile (run them with cargo +nightly fuzz run <target>; see fuzz/README.md)"
cargo check --manifest-path fuzz/Cargo.toml --bins --locked
echo "== the main job, on a short run, must finish and write its outputs"
bash tests/main-job-smoke.sh
