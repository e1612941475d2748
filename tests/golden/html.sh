#!/bin/sh
# html.sh BINARY [--update] - golden test of `analyze --html` (issue 15): the page of the
# sample incident (incident-hold.pcap, bundled topology) must equal
# tests/golden/analyze-html-hold.html with the version normalised to VERSION. The page
# carries no time of writing (only the capture's own times, which are fixed), so nothing
# else varies. --update rewrites the golden file: review the diff before committing it.
set -u
bin=$1
want=tests/golden/analyze-html-hold.html
got=$(mktemp "${TMPDIR:-/tmp}/html-golden.XXXXXX") || exit 2
trap 'rm -f "$got"' EXIT INT TERM
"$bin" analyze --no-progress --html - samples/captures/incident-hold.pcap |
	sed 's/awstrace [0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9a-z.-]*/awstrace VERSION/g' >"$got"
if [ "${2:-}" = "--update" ]; then
	cp "$got" "$want"
	echo "html-golden: updated $want"
	exit 0
fi
if cmp -s "$got" "$want"; then
	echo "html-golden: 1 passed"
	exit 0
fi
echo "html-golden: FAIL ($bin analyze --html - samples/captures/incident-hold.pcap)"
diff -u "$want" "$got" | head -30
exit 1
