#!/usr/bin/env bash
# Builds vortex (release) and runs it. With no arguments it runs `vortex serve --demo`:
# the engine plays the built-in demo programme on the default audio device, with the web
# UI at http://127.0.0.1:8717/. With arguments it runs `vortex ARGS...`
# (e.g. scripts/run.sh process in.flac -o out.wav -p eq.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${VORTEX_TARGET_DIR:-$HOME/.cache/vortex/target}}"
bash scripts/setup.sh
# The web UI, rebuilt when its sources are newer than web/dist; the binary embeds it.
bash scripts/web.sh build
cargo build --release --locked -p vortex
bin="$CARGO_TARGET_DIR/release/vortex"
if [ $# -gt 0 ]; then
  exec "$bin" "$@"
fi
# The demo: the built-in programme (tones, a sweep, pink noise, a melody) through a
# demo pipeline, looping, with the web UI at http://127.0.0.1:8717/ (no sound card:
# the silent sink paced at real time, and it says so). Ctrl-C stops it.
exec "$bin" serve --demo
