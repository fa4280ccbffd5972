#!/usr/bin/env bash
# The whole test suite: pure unit tests, then integration tests on the real PostgreSQL and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-services.sh
npx jest --selectProjects unit
# The browser journeys drive the built front end, served by the API as in production.
npm run build:web
npx jest --selectProjects integration --maxWorkers=2
