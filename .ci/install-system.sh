#!/usr/bin/env bash
# Debian packages a fresh machine lacks: Chromium for browser tests, and what code-server's
# native modules need to install offline (gssapi headers, ripgrep), and git (Compare with Git HEAD).
set -euo pipefail
need=()
for pkg in chromium git libkrb5-dev ripgrep; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi
