#!/usr/bin/env bash
# Builds one pinned Go program from source with `go install` through the Go module proxy, once,
# into .tools/ (git-ignored); a second run finds the binary with its version stamp and returns at
# once. Used by ensure-temporal.sh and ensure-mailpit.sh:
#   ensure-go-tool.sh NAME "DESCRIPTION" VERSION MODULE_PATH LDFLAGS
# NAME is the binary's name and the log prefix; the module is installed at MODULE_PATH@VERSION.
set -euo pipefail
NAME="$1"
DESCRIPTION="$2"
VERSION="$3"
MODULE="$4"
LDFLAGS="$5"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS="$ROOT/.tools"
BIN="$TOOLS/$NAME"
STAMP="$TOOLS/$NAME.version"

if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$VERSION" ]; then
  echo "[$NAME] $DESCRIPTION $VERSION already built at .tools/$NAME"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  for d in /usr/local/go/bin /usr/lib/go/bin; do [ -x "$d/go" ] && export PATH="$d:$PATH"; done
fi
if ! command -v go >/dev/null 2>&1; then
  echo "[$NAME] Go is required to build $DESCRIPTION (install Go >= 1.25)." >&2
  exit 1
fi
mkdir -p "$TOOLS"
echo "[$NAME] building $DESCRIPTION $VERSION from source with $(go version | awk '{print $3}')"
echo "[$NAME] the first build on a fresh machine takes a few minutes; later runs skip this step"
start=$(date +%s)
LOG="$TOOLS/$NAME-build.log"
set +e
# -x lists each package as it is compiled: the progress lines below count them.
GOBIN="$TOOLS" GOFLAGS="-trimpath" go install -x -ldflags "$LDFLAGS" "$MODULE@$VERSION" 2>&1 | tee "$LOG" \
  | awk -v p="[$NAME]" '/^mkdir -p \$WORK\/b[0-9]+\//{n++; if (n % 100 == 0) {printf "%s compiled %d packages...\n", p, n; fflush()}}
         /^go: downloading/{d++; if (d % 25 == 0) {printf "%s downloaded %d modules...\n", p, d; fflush()}}'
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "[$NAME] go install failed (exit $status); last lines of $LOG:" >&2
  grep -v '^packagefile\|^/usr/local/go/pkg/tool\|^mkdir\|^cat\|^EOF\|^cp\|^cd\|^# ' "$LOG" | tail -20 >&2
  exit 1
fi
if [ ! -x "$BIN" ]; then echo "[$NAME] build failed" >&2; exit 1; fi
echo "$VERSION" > "$STAMP"
echo "[$NAME] built .tools/$NAME ($DESCRIPTION $VERSION) in $(( $(date +%s) - start ))s"
