#!/usr/bin/env bash
# Runs every check and test of the project. This is the README's test command and
# what CI runs (.ci/run). Installs what it needs first (scripts/setup.sh, idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."

# Reuse a persistent target directory across runs (and across fresh clones).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${VORTEX_TARGET_DIR:-$HOME/.cache/vortex/target}}"
mkdir -p "$CARGO_TARGET_DIR"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

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

phase setup
bash scripts/setup.sh

phase fmt
cargo fmt --all -- --check

phase clippy
cargo clippy --workspace --all-targets --locked -- -D warnings

phase wasm
cargo build -p vortex-analysis -p vortex-protocol --target wasm32-unknown-unknown --locked

phase build-tests
cargo test --workspace --locked --no-run

phase test
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace --locked 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

phase done
echo "=== all phases took $(( $(date +%s) - total_start )) s"
# One closing line over every test binary: "N passed, N failed".
awk '/^test result:/ { for (i = 2; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1) } }
     END { printf "%d passed, %d failed\n", p, f }' "$log"
exit "$status"
