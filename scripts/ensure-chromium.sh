#!/usr/bin/env bash
# Installs Debian's Chromium and the Noto CJK fonts, once: the worker prints official documents to
# PDF with them (activities/documents/pdf-renderer.ts), and the browser tests (test/e2e/) drive
# the same browser. playwright-core drives it at /usr/bin/chromium; Playwright's own browser
# download cannot reach its host from these machines, so the distribution package is the only
# install path. A second run returns at once.
set -euo pipefail
BIN=/usr/bin/chromium

# A Chinese font: without one, the PDFs would print boxes instead of text.
has_cjk_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null | head -1)" ]; }

if [ -x "$BIN" ] && has_cjk_font; then
  font="$(fc-list :lang=zh family | head -1 | cut -d, -f1)"
  echo "[chromium] $("$BIN" --version 2>/dev/null || echo 'Chromium') already installed at $BIN, with $font"
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
echo "[chromium] installing Debian's chromium and fonts-noto-cjk with apt-get (first run only, about a minute)"
echo "[chromium] updating package lists..."
$SUDO apt-get update -qq </dev/null
echo "[chromium] installing chromium..."
LOG="$(mktemp -t chromium-install.XXXXXX.log)"
# Fonts with CJK glyphs, so that the PDFs and the screenshots of the zh-CN pages show text rather than boxes.
set +e
$SUDO apt-get install -y --no-install-recommends chromium fonts-noto-cjk fontconfig </dev/null 2>&1 | tee "$LOG" \
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
