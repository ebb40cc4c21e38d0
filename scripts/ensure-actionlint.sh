#!/usr/bin/env bash
# Make actionlint (the GitHub Actions workflow checker) available for test/ci.
#
# Usage:  ACTIONLINT="$(bash scripts/ensure-actionlint.sh | tail -1)"
#
# The LAST line of stdout is the absolute path of the actionlint executable; progress goes to
# stderr. It is built like the Pulumi CLI (scripts/ensure-pulumi.sh): the version pinned in
# tools/actionlint/go.mod, from the Go module proxy only, into <repo>/.tools/bin. A build that is
# already there at the pinned version is reused. Exit 3 when Go is not installed (the test then
# skips outside CI and fails in CI); any other failure is a build failure.
set -euo pipefail

log() { printf 'ensure-actionlint: %s\n' "$*" >&2; }

# shellcheck source=scripts/go-tools.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/go-tools.sh" # REPO_ROOT, TOOLS_DIR, TOOLS_BIN
WRAPPER_DIR="$REPO_ROOT/tools/actionlint"
MODULE="github.com/rhysd/actionlint"

PINNED_VERSION="$(pinned_module_version "$MODULE" "$WRAPPER_DIR/go.mod")"
if [[ -z "$PINNED_VERSION" ]]; then
  log "cannot read the pinned actionlint version from $WRAPPER_DIR/go.mod"
  exit 1
fi

version_of() { "$1" -version 2>/dev/null | head -1 | grep -Eo 'v?[0-9]+\.[0-9]+\.[0-9]+' | head -1 | sed 's/^v*/v/' || true; }

if [[ -x "$TOOLS_BIN/actionlint" && "$(version_of "$TOOLS_BIN/actionlint")" == "$PINNED_VERSION" ]]; then
  log "using $TOOLS_BIN/actionlint ($PINNED_VERSION)"
  printf '%s\n' "$TOOLS_BIN/actionlint"
  exit 0
fi

find_go
if [[ -z "$GO" ]]; then
  log "Go is not installed, so actionlint $PINNED_VERSION cannot be built (https://go.dev/doc/install)"
  exit 3
fi

prepare_tools_dir
log "building actionlint $PINNED_VERSION into $TOOLS_BIN"
# The version is stamped as a release build does, so that a later run can reuse the binary.
go_build_into actionlint "$WRAPPER_DIR" "-s -w -X $MODULE.version=$PINNED_VERSION" "$MODULE/cmd/actionlint"
log "built $TOOLS_BIN/actionlint ($(version_of "$TOOLS_BIN/actionlint"))"
printf '%s\n' "$TOOLS_BIN/actionlint"
