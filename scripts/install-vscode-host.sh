#!/usr/bin/env bash
# Installs the offline VS Code host (code-server 4.100.3) into .vscode-test/, the way
# @vscode/test-electron caches its download. See ../shared/VSCODE-HOST.md for why each step.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=4.100.3
DEST=".vscode-test/code-server-$VERSION"
if [ -x "$DEST/node_modules/.bin/code-server" ]; then
  echo "code-server $VERSION already installed in $DEST"
  exit 0
fi
# @vscode/ripgrep's postinstall looks for a cached release before downloading one.
TMP=$(node -p "require('os').tmpdir()")
CACHE="$TMP/vscode-ripgrep-cache-1.15.11"
TARBALL="$CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$TARBALL" ]; then
  mkdir -p "$CACHE"
  RGDIR=$(mktemp -d)
  cp "$(command -v rg)" "$RGDIR/rg"
  tar czf "$TARBALL" -C "$RGDIR" rg
  rm -rf "$RGDIR"
fi
mkdir -p "$DEST"
[ -f "$DEST/package.json" ] || echo '{"name":"code-server-host","private":true}' > "$DEST/package.json"
( cd "$DEST" && npm_config_yes=true npm install "code-server@$VERSION" --unsafe-perm --no-audit --no-fund )
echo "code-server $VERSION installed in $DEST"
