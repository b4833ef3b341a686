#!/usr/bin/env bash
# The web UI's part of the set-up and build, each step skipped when already done:
#   scripts/web.sh deps    npm ci, unless node_modules matches package-lock.json
#   scripts/web.sh wasm    the WebAssembly analyzers (crates/vortex-wasm) built and
#                          copied to web/src/audio/wasm/ when they changed
#   scripts/web.sh build   the above, then npm run build (typecheck + vite), unless
#                          web/dist is newer than every source of the UI
set -euo pipefail
cd "$(dirname "$0")/../web"

need_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "web: Node.js and npm are needed (Node 20.19+ or 22.12+): install them first" >&2
    exit 1
  fi
  local v; v=$(node -p 'process.versions.node')
  if ! node -e '
    const [a, b] = process.versions.node.split(".").map(Number);
    process.exit((a === 20 && b >= 19) || (a === 22 && b >= 12) || a > 22 ? 0 : 1)'; then
    echo "web: Node $v is too old: the UI build needs Node 20.19+ or 22.12+" >&2
    exit 1
  fi
}

deps() {
  need_node
  local want have=""
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  [ -f node_modules/.vortex-lock-sha256 ] && have=$(cat node_modules/.vortex-lock-sha256)
  if [ "$want" = "$have" ]; then
    echo "web: node_modules matches package-lock.json"
    return
  fi
  echo "web: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > node_modules/.vortex-lock-sha256
}

wasm() {
  local target="${CARGO_TARGET_DIR:-${VORTEX_TARGET_DIR:-$HOME/.cache/vortex/target}}"
  CARGO_TARGET_DIR="$target" cargo build --quiet --locked -p vortex-wasm \
    --target wasm32-unknown-unknown --profile wasm
  local built="$target/wasm32-unknown-unknown/wasm/vortex_wasm.wasm" copy=src/audio/wasm/vortex_wasm.wasm
  if cmp -s "$built" "$copy"; then
    echo "web: $copy is up to date"
    return
  fi
  mkdir -p "$(dirname "$copy")"
  cp "$built" "$copy.tmp" && mv "$copy.tmp" "$copy"
  echo "web: $copy updated ($(wc -c < "$copy") bytes)"
}

build() {
  deps
  wasm
  if [ -f dist/index.html ] && [ -z "$(find src index.html vite.config.ts tsconfig.json package-lock.json ../docs/protocol -newer dist/index.html -print -quit)" ]; then
    echo "web: dist is up to date"
    return
  fi
  echo "web: npm run build"
  npm run --silent build
}

case "${1:-}" in
  deps) deps ;;
  wasm) wasm ;;
  build) build ;;
  *) echo "usage: scripts/web.sh deps|wasm|build" >&2; exit 2 ;;
esac
