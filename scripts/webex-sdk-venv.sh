#!/usr/bin/env bash
# A Python virtual environment with the two well-known Webex SDKs, for the contract test that runs a
# real SDK's GET-then-PUT against the mock Hub (test/contract/round-trip.test.ts finds it here).
# Pinned: the test checks what these versions send. Prints the venv's python.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${WEBEX_SDK_VENV:-$root/.webexhub/sdk-venv}"
# Part of `npm test`: without Python or PyPI the suite still runs, and the SDK cases say why they skip.
if ! command -v python3 >/dev/null 2>&1; then
  echo "webex-sdk-venv: no python3 on PATH; the real-SDK round trips will be skipped" >&2
  exit 0
fi
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >&2 || { echo "webex-sdk-venv: python3 -m venv failed; the real-SDK round trips will be skipped" >&2; rm -rf "$venv"; exit 0; }
fi
if ! "$venv/bin/pip" install --quiet --disable-pip-version-check "webexpythonsdk==2.0.6" "webexteamssdk==1.6.1" >&2; then
  echo "webex-sdk-venv: could not install the Webex SDKs from PyPI; the real-SDK round trips will be skipped" >&2
  rm -rf "$venv"
  exit 0
fi
echo "$venv/bin/python"
