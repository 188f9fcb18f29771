#!/usr/bin/env bash
# Makes docs/images/html-report.png, docs/reports.md's picture of the HTML report: a real report of a run
# with a broken core (BrokenCoreReportIT checks the bundled suite with core's tanh derivative written as
# 1 - a and writes deep-tanh-sgd's reports to parity-tests/target/broken-core-report/one-fixture/),
# opened from disk in headless Chromium with no network, and photographed.
#
#   apt-get install -y chromium      # Debian's Chromium; the project itself never needs a browser
#   tools/screenshot-report.sh [OUT.png]
#
# Chromium runs in a network namespace with no interface up (unshare -n) where the machine allows one,
# so the picture also shows that the page needs nothing from the network; the flags keep Chromium's
# own background connections off. --no-sandbox because this runs as root in a container.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/docs/images/html-report.png}"
page="$root/parity-tests/target/broken-core-report/one-fixture/index.html"

command -v chromium >/dev/null || { echo "screenshot-report: no chromium: apt-get install -y chromium" >&2; exit 3; }

(cd "$root" && nice -n 10 mvn -B -q -pl parity-tests -am -Dinvoker.skip=true -Dtest=none \
    -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=BrokenCoreReportIT verify)

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
offline=()
if unshare -n true 2>/dev/null; then
  offline=(unshare -n)
fi
"${offline[@]}" chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
    --hide-scrollbars --window-size=1200,1700 --screenshot="$out" "file://$page" 2>/dev/null
echo "screenshot-report: $out ($(stat -c %s "$out") bytes) from $page"
