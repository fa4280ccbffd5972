#!/usr/bin/env bash
# The whole test suite: pure unit tests, integration tests on the real PostgreSQL and Redis, browser journeys.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-services.sh
npx jest --selectProjects unit
npx jest --selectProjects integration --maxWorkers=2
# The browser journeys drive the built front end, served by the API as in production, one file at a time.
npm run build:web
npx jest --selectProjects browser --runInBand
