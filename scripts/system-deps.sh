#!/usr/bin/env bash
# Installs the Debian packages GDIP needs, only those that are missing:
#   postgresql            server binaries for the throwaway test cluster (PostgreSQL pass)
#   openjdk-17-jre-headless   Java for PySpark (engine parity test)
#   fonts-wqy-microhei, libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0
#                         WeasyPrint PDF reports with Chinese text (CJK font embedded)
#   poppler-utils         pdftotext/pdftoppm, used by report tests to read PDFs back
#   chromium              headless browser for the few page tests
#
# `system-deps.sh run` installs only what the running platform needs (PDF reports);
# `system-deps.sh` (or `test`) adds what the test suite needs.
set -euo pipefail
purpose="${1:-test}"
wanted=(fonts-wqy-microhei libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
if [ "$purpose" = "test" ]; then
  wanted+=(poppler-utils chromium)
fi
need=()
if command -v dpkg >/dev/null 2>&1; then
  for pkg in "${wanted[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
fi
if [ "$purpose" = "test" ]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
    need+=(postgresql)
  fi
  if ! command -v java >/dev/null 2>&1; then
    need+=(openjdk-17-jre-headless)
  fi
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${need[*]} — install them with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
