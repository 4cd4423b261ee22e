#!/usr/bin/env bash
# Run the test suite: unit tests, the workflow end to end on the data snapshot, and the
# built site in headless Chromium. Extra arguments go to pytest (e.g. -m "not browser").
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
exec python -m pytest "$@"
