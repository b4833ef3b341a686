#!/usr/bin/env bash
# Runs every check and test of the project. This is the README's test command and
# what CI runs (.ci/run). Installs what it needs first (scripts/setup.sh, idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."

# Reuse a persistent target directory across runs (and across fresh clones).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${VORTEX_TARGET_DIR:-$HOME/.cache/vortex/target}}"
mkdir -p "$CARGO_TARGET_DIR"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# The wgpu backend's tests run on Vulkan: Mesa's lavapipe where there is no GPU
# (installed by scripts/setup.sh). The Vulkan loader wants a runtime directory.
export WGPU_BACKEND="${WGPU_BACKEND:-vulkan}"
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -d "$XDG_RUNTIME_DIR" ]; then
  export XDG_RUNTIME_DIR="$(mktemp -d)"
fi

phase_start=0
phase() {
  local now; now=$(date +%s)
  if [ "$phase_start" -ne 0 ]; then
    echo "=== phase '$phase_name' took $((now - phase_start)) s"
  fi
  phase_name="$1"; phase_start=$now
  [ "$1" = done ] || echo "=== phase '$1'"
}
total_start=$(date +%s)

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
# Runs a test command, keeping its output for the closing count and its failure for the
# exit status, without stopping the remaining phases.
run_tests() {
  set +e
  "$@" 2>&1 | tee -a "$log"
  local s=${PIPESTATUS[0]}
  set -e
  [ "$s" -eq 0 ] || status=$s
}

phase setup
bash scripts/setup.sh

phase wasm
# The analyzers and the protocol build for the browser; the WebAssembly module the UI
# loads is built and copied into web/src/audio/wasm/ (the unit tests load it too).
cargo build -p vortex-analysis -p vortex-protocol --target wasm32-unknown-unknown --locked
bash scripts/web.sh wasm

phase web-unit
# The response curves the UI's math is checked against, exported from the engine.
cargo run --quiet --locked -p vortex-engine --example response_curves -- web/src/pipeline/fixtures/responses.json
run_tests npm --prefix web test --silent

phase web-build
# Typecheck and build web/dist before the Rust build, which embeds it; then the bundle
# size budget.
(cd web && npm run --silent build && npm run --silent size)

phase fmt
cargo fmt --all -- --check

phase clippy
cargo clippy --workspace --all-targets --locked -- -D warnings

phase build-tests
cargo test --workspace --locked --no-run

phase test
run_tests cargo test --workspace --locked

phase e2e
# The UI in Chromium against a real `vortex serve` (the binary the tests just built).
VORTEX_BIN="$CARGO_TARGET_DIR/debug/vortex" run_tests npm --prefix web run --silent e2e

phase done
echo "=== all phases took $(( $(date +%s) - total_start )) s"
# One closing line over every test run (cargo's test binaries, vitest, node --test):
# "N passed, N failed".
sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
  /^test result:/ { for (i = 2; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1) } }
  /^ +Tests +[0-9]/ { for (i = 2; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1) } }
  /^# pass [0-9]/ { p += $3 }
  /^# fail [0-9]/ { f += $3 }
  END { printf "%d passed, %d failed\n", p, f }' 
exit "$status"
