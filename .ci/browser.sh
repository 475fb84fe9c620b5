#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for examples/login's browser test
# (no browser download works on these machines; playwright-core drives /usr/bin/chromium).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "installing chromium (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version
