#!/usr/bin/env bash
# Builds the Temporal CLI (dev server + Web UI) from source with Go, once.
# The binary lands in .tools/ (git-ignored); a second run finds it and returns at once.
set -euo pipefail
TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS="$ROOT/.tools"
BIN="$TOOLS/temporal"
STAMP="$TOOLS/temporal.version"

if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$TEMPORAL_CLI_VERSION" ]; then
  echo "[temporal] CLI $TEMPORAL_CLI_VERSION already built at .tools/temporal"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  for d in /usr/local/go/bin /usr/lib/go/bin; do [ -x "$d/go" ] && export PATH="$d:$PATH"; done
fi
if ! command -v go >/dev/null 2>&1; then
  echo "[temporal] Go is required to build the Temporal CLI (install Go >= 1.25)." >&2
  exit 1
fi
mkdir -p "$TOOLS"
echo "[temporal] building Temporal CLI $TEMPORAL_CLI_VERSION from source with $(go version | awk '{print $3}')"
echo "[temporal] first build on a fresh machine takes several minutes; later runs skip this step"
start=$(date +%s)
LOG="$TOOLS/temporal-build.log"
set +e
GOBIN="$TOOLS" GOFLAGS="-trimpath" go install -x \
  -ldflags "-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION#v}" \
  "github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}" 2>&1 | tee "$LOG" \
  | awk '/^mkdir -p \$WORK\/b[0-9]+\//{n++; if (n % 100 == 0) {printf "[temporal] compiled %d packages...\n", n; fflush()}}
         /^go: downloading/{d++; if (d % 50 == 0) {printf "[temporal] downloaded %d modules...\n", d; fflush()}}'
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "[temporal] go install failed (exit $status); last lines of $LOG:" >&2
  grep -v '^packagefile\|^/usr/local/go/pkg/tool\|^mkdir\|^cat\|^EOF\|^cp\|^cd\|^# ' "$LOG" | tail -20 >&2
  exit 1
fi
if [ ! -x "$BIN" ]; then echo "[temporal] build failed" >&2; exit 1; fi
echo "$TEMPORAL_CLI_VERSION" > "$STAMP"
echo "[temporal] built .tools/temporal in $(( $(date +%s) - start ))s: $("$BIN" --version)"
