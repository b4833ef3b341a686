#!/usr/bin/env bash
# Installs everything the build and the tests need beyond the Rust toolchain.
# Idempotent: each step checks first and does nothing when already satisfied.
set -euo pipefail

# chromium runs the web UI's end-to-end tests (driven by playwright-core, which never
# downloads a browser of its own); fonts-dejavu-core gives its screenshots real text.
# mesa-vulkan-drivers brings lavapipe, the software Vulkan device the wgpu backend's
# tests run on where there is no GPU.
APT_PACKAGES=(pkg-config libopus-dev libasound2-dev jackd2 ffmpeg sox libsox-fmt-all flac aubio-tools
  chromium fonts-dejavu-core mesa-vulkan-drivers)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: Debian packages present"
fi

# The analyzers are also built for the browser.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
else
  echo "setup: Rust target wasm32-unknown-unknown present"
fi

# The web UI's packages (npm ci, skipped when node_modules matches the lock file).
bash "$(dirname "$0")/web.sh" deps
