#!/usr/bin/env bash
# Builds Mailpit (a real SMTP server that keeps every message it receives and serves them through an
# HTTP API) from source with Go, once (scripts/ensure-go-tool.sh). `npm start` runs it as the
# development mail server and the test global setup starts one per test run.
set -euo pipefail
MAILPIT_VERSION="${MAILPIT_VERSION:-v1.33.1}"
# A static binary: Mailpit's SQLite driver is pure Go.
export CGO_ENABLED=0
exec bash "$(dirname "$0")/ensure-go-tool.sh" mailpit "Mailpit" "$MAILPIT_VERSION" \
  github.com/axllent/mailpit \
  "-s -w -X github.com/axllent/mailpit/config.Version=${MAILPIT_VERSION}"
