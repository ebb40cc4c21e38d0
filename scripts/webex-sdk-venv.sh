#!/usr/bin/env bash
# A Python virtual environment with the two well-known Webex SDKs, for the contract test that runs a
# real SDK's GET-then-PUT against the mock Hub (test/contract/round-trip.test.ts finds it here).
# Pinned: the test checks what these versions send. Prints the venv's python.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${WEBEX_SDK_VENV:-$root/.webexhub/sdk-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check "webexpythonsdk==2.0.6" "webexteamssdk==1.6.1" >&2
echo "$venv/bin/python"
