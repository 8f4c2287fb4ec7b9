#!/usr/bin/env bash
# Everything a fresh Debian machine lacks: apt packages (Chromium, code-server's build
# needs), npm dependencies, the offline VS Code host (code-server 4.100.3), and a build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-system.sh
npm ci --no-audit --no-fund
bash scripts/install-vscode-host.sh
node esbuild.js
