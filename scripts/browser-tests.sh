#!/usr/bin/env bash
# Browser end-to-end tests of the web app: a real stack (PostgreSQL, the built API and web app) driven
# through Debian's Chromium with playwright-core. Installs Chromium and a Japanese font when missing
# (they are Debian packages: playwright's own browser downloads cannot be reached), builds, then runs
# the suite. Results: artifacts/jest-browser.json; screenshots at 360x800: artifacts/screenshots/;
# server logs: artifacts/browser-logs/.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1

if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then
  echo "Installing Chromium and fonts-noto-cjk from Debian…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk
fi

mkdir -p artifacts
npx turbo run build --output-logs=errors-only
E2E_SKIP_BUILD=1 npm run test:browser -- --json --outputFile=artifacts/jest-browser.json
