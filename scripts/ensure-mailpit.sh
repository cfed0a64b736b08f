#!/usr/bin/env bash
# Builds Mailpit (a real SMTP server that keeps every message it receives and serves them through an
# HTTP API) from source with Go, once. `npm start` runs it as the development mail
# server and the test global setup starts one per test run. The binary lands in .tools/
# (git-ignored); a second run finds it and returns at once.
set -euo pipefail
MAILPIT_VERSION="${MAILPIT_VERSION:-v1.33.1}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS="$ROOT/.tools"
BIN="$TOOLS/mailpit"
STAMP="$TOOLS/mailpit.version"

if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$MAILPIT_VERSION" ]; then
  echo "[mailpit] Mailpit $MAILPIT_VERSION already built at .tools/mailpit"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  for d in /usr/local/go/bin /usr/lib/go/bin; do [ -x "$d/go" ] && export PATH="$d:$PATH"; done
fi
if ! command -v go >/dev/null 2>&1; then
  echo "[mailpit] Go is required to build Mailpit (install Go >= 1.25)." >&2
  exit 1
fi
mkdir -p "$TOOLS"
echo "[mailpit] building Mailpit $MAILPIT_VERSION from source with $(go version | awk '{print $3}')"
echo "[mailpit] first build on a fresh machine takes a few minutes; later runs skip this step"
start=$(date +%s)
LOG="$TOOLS/mailpit-build.log"
set +e
GOBIN="$TOOLS" GOFLAGS="-trimpath" CGO_ENABLED=0 go install -x \
  -ldflags "-s -w -X github.com/axllent/mailpit/config.Version=${MAILPIT_VERSION}" \
  "github.com/axllent/mailpit@${MAILPIT_VERSION}" 2>&1 | tee "$LOG" \
  | awk '/^mkdir -p \$WORK\/b[0-9]+\//{n++; if (n % 100 == 0) {printf "[mailpit] compiled %d packages...\n", n; fflush()}}
         /^go: downloading/{d++; if (d % 25 == 0) {printf "[mailpit] downloaded %d modules...\n", d; fflush()}}'
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "[mailpit] go install failed (exit $status); last lines of $LOG:" >&2
  grep -v '^packagefile\|^/usr/local/go/pkg/tool\|^mkdir\|^cat\|^EOF\|^cp\|^cd\|^# ' "$LOG" | tail -20 >&2
  exit 1
fi
if [ ! -x "$BIN" ]; then echo "[mailpit] build failed" >&2; exit 1; fi
echo "$MAILPIT_VERSION" > "$STAMP"
echo "[mailpit] built .tools/mailpit ($MAILPIT_VERSION) in $(( $(date +%s) - start ))s"
