#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (test/e2e/), once. playwright-core drives it
# at /usr/bin/chromium; Playwright's own browser download cannot reach its host from these
# machines, so the distribution package is the only install path. A second run returns at once.
set -euo pipefail
BIN=/usr/bin/chromium

if [ -x "$BIN" ]; then
  echo "[chromium] $("$BIN" --version 2>/dev/null || echo 'Chromium') already installed at $BIN"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[chromium] $BIN is missing and apt-get is not available: install Chromium by hand for the browser tests" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "[chromium] installing Chromium needs root (or sudo)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
start=$(date +%s)
echo "[chromium] installing Debian's chromium with apt-get (first run only, about a minute)"
echo "[chromium] updating package lists..."
$SUDO apt-get update -qq </dev/null
echo "[chromium] installing chromium..."
LOG="$(mktemp -t chromium-install.XXXXXX.log)"
# Fonts with CJK glyphs, so that screenshots of the zh-CN pages show text rather than boxes.
set +e
$SUDO apt-get install -y --no-install-recommends chromium fonts-noto-cjk </dev/null 2>&1 | tee "$LOG" \
  | grep --line-buffered -E '^(Need to get|Setting up (chromium|fonts-noto-cjk))' | sed 's/^/[chromium] /'
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "[chromium] apt-get install failed (exit $status); last lines of $LOG:" >&2
  tail -20 "$LOG" >&2
  exit 1
fi
if [ ! -x "$BIN" ]; then
  echo "[chromium] apt-get finished but $BIN is still missing" >&2
  exit 1
fi
echo "[chromium] $("$BIN" --version 2>/dev/null) installed in $(( $(date +%s) - start ))s"
