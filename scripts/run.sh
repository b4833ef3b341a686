#!/usr/bin/env bash
# Builds vortex (release) and runs it. With no arguments it runs the demo: a generated
# sweep processed through examples/pipelines/demo.toml, then played in real time through
# the same pipeline on the default audio device (no sound card: the paced null sink). With arguments it runs
# `vortex ARGS...` (e.g. scripts/run.sh process in.flac -o out.wav -p eq.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${VORTEX_TARGET_DIR:-$HOME/.cache/vortex/target}}"
bash scripts/setup.sh
cargo build --release --locked -p vortex
bin="$CARGO_TARGET_DIR/release/vortex"
if [ $# -gt 0 ]; then
  exec "$bin" "$@"
fi
out="${TMPDIR:-/tmp}/vortex-demo"
mkdir -p "$out"
"$bin" generate "$out/sweep.flac" --waveform sweep --freq 20 --end-freq 20000 --seconds 10 --level -6 --bits 24 --force
"$bin" validate examples/pipelines/demo.toml --samplerate 48000 --channels 2
"$bin" process "$out/sweep.flac" -o "$out/sweep-processed.flac" -p examples/pipelines/demo.toml --force
echo "demo: processed $out/sweep.flac -> $out/sweep-processed.flac"
echo "demo: playing it in real time (Ctrl-C stops)"
"$bin" play "$out/sweep.flac" -p examples/pipelines/demo.toml --volume -12
