#!/usr/bin/env bash
# Install the Debian packages the tests use when they are missing: Chromium (browser tests, driven by
# Playwright with executable_path=/usr/bin/chromium), bubblewrap (sandboxed grading) and PostgreSQL
# (the gradebook tests start a throwaway server with its initdb and pg_ctl).
# Idempotent: exits at once when everything is installed. Never runs `playwright install`.
set -euo pipefail
PACKAGES=(chromium bubblewrap postgresql)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "error: missing system packages: ${missing[*]}" >&2
  echo "       run this script as root, or: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed ${missing[*]}" >&2
