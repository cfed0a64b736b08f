#!/usr/bin/env bash
# Builds the Temporal CLI (dev server + Web UI) from source with Go, once (scripts/ensure-go-tool.sh).
set -euo pipefail
TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
exec bash "$(dirname "$0")/ensure-go-tool.sh" temporal "Temporal CLI" "$TEMPORAL_CLI_VERSION" \
  github.com/temporalio/cli/cmd/temporal \
  "-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION#v}"
