#!/bin/sh
# run.sh AWSTRACE - the HTML pages of issue 15 in a real browser (headless Chromium, Debian
# package `chromium`, which `make deps` installs): the sample incident's report, the
# topology page and a report of a crafted capture whose DNS name is markup. check.py fails
# on any console message, script error or resource load, on a missing or zero-size SVG
# (topology and every chart) and on a <script> element the page did not write itself.
# Screenshots go to build/browser/. Skipped, with a message, when chromium is absent.
set -u
bin=$1
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ]; then
	echo "browser: SKIPPED - chromium is not installed (make deps installs it)"
	exit 0
fi
out=build/browser
mkdir -p "$out"
fail=0
step() {
	if ! "$@"; then
		fail=$((fail + 1))
	fi
}
"$bin" analyze --no-progress --html "$out/incident-hold.html" samples/captures/incident-hold.pcap \
	>/dev/null || { echo "browser: FAIL analyze --html"; exit 1; }
step /usr/bin/python3 tests/browser/check.py "$chromium" "$out/incident-hold.html" \
	"$out/incident-hold.png" topology chart-throughput chart-events chart-dns chart-flows
"$bin" analyze --no-progress --html "$out/incident-notify.html" \
	samples/captures/incident-notify.pcap >/dev/null || { echo "browser: FAIL analyze"; exit 1; }
step /usr/bin/python3 tests/browser/check.py "$chromium" "$out/incident-notify.html" \
	"$out/incident-notify.png" topology chart-throughput chart-events chart-flows
"$bin" topology show --html "$out/topology.html" || { echo "browser: FAIL topology"; exit 1; }
step /usr/bin/python3 tests/browser/check.py "$chromium" "$out/topology.html" \
	"$out/topology.png" topology

# DNSSEC verdicts (analyze --trust-anchor): the DNS section's line, and the page clean
"$bin" analyze --no-progress --trust-anchor samples/captures/dnssec-zone.anchor \
	--html "$out/dnssec.html" samples/captures/dnssec-zone.pcap >/dev/null ||
	{ echo "browser: FAIL analyze --trust-anchor --html"; exit 1; }
if ! grep -q '<p>DNSSEC verdicts: 5 secure, 2 insecure, 4 bogus, 0 indeterminate.</p>' \
	"$out/dnssec.html"; then
	echo "browser: FAIL dnssec.html lacks the DNSSEC verdicts line"
	fail=$((fail + 1))
fi
step /usr/bin/python3 tests/browser/check.py "$chromium" "$out/dnssec.html" \
	"$out/dnssec.png" topology chart-throughput chart-events chart-dns chart-flows

# a DNS name with <script> and <img onerror> in it renders as text
/usr/bin/python3 tests/browser/crafted.py "$out/crafted.pcap"
"$bin" analyze --no-progress --html "$out/crafted.html" "$out/crafted.pcap" >/dev/null ||
	{ echo "browser: FAIL analyze crafted"; exit 1; }
if grep -q '<script>alert\|<img src' "$out/crafted.html"; then
	echo "browser: FAIL crafted.html holds the capture's markup unescaped"
	fail=$((fail + 1))
fi
if ! grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$out/crafted.html"; then
	echo "browser: FAIL crafted.html does not show the DNS name as text"
	fail=$((fail + 1))
fi
step /usr/bin/python3 tests/browser/check.py "$chromium" "$out/crafted.html" \
	"$out/crafted.png" topology chart-throughput chart-events chart-dns chart-flows
# the check itself fails on a page that loads something and logs (a control: it can fail)
sed 's#</body>#<img src="http://192.0.2.1/x.png"><script>console.log("x")</script></body>#' \
	"$out/topology.html" >"$out/control-bad.html"
if /usr/bin/python3 tests/browser/check.py "$chromium" "$out/control-bad.html" \
	"$out/control-bad.png" topology >"$out/control-bad.txt" 2>&1; then
	echo "browser: FAIL the check passed a page that loads an image and logs"
	fail=$((fail + 1))
elif ! grep -q 'resource requested' "$out/control-bad.txt" ||
	! grep -q 'console' "$out/control-bad.txt"; then
	echo "browser: FAIL the control page failed for another reason:"
	cat "$out/control-bad.txt"
	fail=$((fail + 1))
fi
if [ $fail = 0 ]; then
	echo "browser: 5 pages passed (screenshots in $out/)"
else
	echo "browser: $fail failed"
fi
[ $fail = 0 ]
