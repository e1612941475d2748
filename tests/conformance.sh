#!/bin/sh
# conformance.sh AWSTRACE [FAMILY...] - awstrace's decode against tshark 4.0's, on the public
# captures in ../shared/captures/<family>/ (DESIGN.md "Decoding"; ../shared/captures/SOURCES.md).
#
# For every CAPTURE with a CAPTURE.tshark.tsv beside it: `AWSTRACE decode --json CAPTURE`, then
# tests/conformance/tshark_view.py (takes out what tshark leaves out by design: a DNS query's
# rcode), ../shared/tools/compare_decode.py on the field groups of its family (table below), and
# tests/conformance/judge.py on the fields a group adds to them (the BGP AS path ASNs). Prints
# per-family frames and fields matched/compared, and fails (exit 1) on any frame/field that
# differs and is not listed in tests/known-differences.tsv; listed entries that no longer
# differ are printed as stale (a warning). Without ../shared it is skipped (exit 0).
#
#   CONFORMANCE_VERBOSE=1   also print the known (listed) differences, one line each
#   CONFORMANCE_KEEP=DIR    keep every NDJSON and comparison output in DIR
#   CONFORMANCE_TIMEOUT=S   seconds one decode may take (default 60): a hang is a failure
set -eu

if [ $# -lt 1 ]; then
	echo "usage: $0 AWSTRACE [FAMILY...]" >&2
	exit 2
fi
awstrace=$1
shift
case $awstrace in
/*) ;;
*) awstrace=$PWD/$awstrace ;;
esac
if [ ! -x "$awstrace" ]; then
	echo "conformance: $awstrace: not an executable" >&2
	exit 2
fi

cd "$(dirname "$0")/.."
captures=../shared/captures
if [ ! -d "$captures" ]; then
	echo "conformance: skipped: no ../shared"
	exit 0
fi
python=/usr/bin/python3
compare=../shared/tools/compare_decode.py
known=tests/known-differences.tsv
judge=tests/conformance/judge.py
view=tests/conformance/tshark_view.py
for f in "$python" "$compare" "$known" "$judge" "$view"; do
	if [ ! -e "$f" ]; then
		echo "conformance: $f: missing" >&2
		exit 2
	fi
done

# Field groups (compare_decode.py's GROUPS) per family. `base` everywhere: VLAN ids, IPv4/IPv6
# addresses, IP protocol, ports. bgp, dns, dnssec and http2 get their own groups in later issues.
# judge.py compares what a group needs beyond compare_decode.py's fields (EXTRA_FIELDS: for
# bgp the AS_PATH/AS4_PATH ASNs) and counts it with the family.
groups_of() {
	case $1 in
	esp | ike) echo base,esp,ike ;;
	bgp) echo base,bgp ;;
	dns | dnssec) echo base,dns ;;
	http2) echo base,http2 ;;
	geneve) echo base,geneve ;;
	macsec) echo base,macsec ;;
	bfd) echo base,bfd ;;
	lacp) echo base,lacp ;;
	frag) echo base,frag ;;
	gre) echo base,gre ;;
	mpls) echo base,mpls ;;
	*) echo base ;;
	esac
}

# The groups ../shared/tools/compare_decode.py knows (the others are judge.py's only).
compare_groups() {
	echo "$1" | tr ',' '\n' | grep -E '^(base|esp|ike|geneve|macsec|bgp|dns|http2)$' |
		paste -sd, -
}

# Families of ../shared/captures-next (captures for what open issues add) that awstrace
# decodes now: read from there, since ../shared is read-only to us (DESIGN.md should
# move them into ../shared/captures).
NEXT_FAMILIES=${CONFORMANCE_NEXT:-frag gre mpls bfd lacp}
next_dir=../shared/captures-next

if [ $# -gt 0 ]; then
	families=$*
else
	families=
	for d in "$captures"/*/; do
		families="$families $(basename "$d")"
	done
	if [ -d "$next_dir" ]; then
		for fam in $NEXT_FAMILIES; do
			[ -d "$captures/$fam" ] || [ ! -d "$next_dir/$fam" ] ||
				families="$families $fam"
		done
	fi
fi

if [ -n "${CONFORMANCE_KEEP:-}" ]; then
	work=$CONFORMANCE_KEEP
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/conformance.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	trap 'exit 130' INT TERM
fi
# a private copy: other builds may replace the binary while this runs
cp "$awstrace" "$work/awstrace"
awstrace=$work/awstrace
timeout=${CONFORMANCE_TIMEOUT:-60}
to=
if command -v timeout >/dev/null 2>&1; then
	to="timeout $timeout"
fi

# One manifest line per capture for the judge:
#   family  capture  groups  tsv  ndjson  comparison  exit-code
manifest=$work/manifest.tsv
: >"$manifest"
tab=$(printf '\t')
for fam in $families; do
	dir=$captures/$fam
	[ -d "$dir" ] || dir=$next_dir/$fam
	if [ ! -d "$dir" ]; then
		echo "conformance: $captures/$fam: no such family" >&2
		exit 2
	fi
	groups=$(groups_of "$fam")
	cgroups=$(compare_groups "$groups")
	mkdir -p "$work/$fam"
	for tsv in "$dir"/*.tshark.tsv; do
		[ -e "$tsv" ] || continue
		cap=${tsv%.tshark.tsv}
		name=$(basename "$cap")
		out=$work/$fam/$name
		if [ ! -e "$cap" ]; then
			echo "conformance: warning: $tsv has no capture beside it" >&2
			continue
		fi
		# exit 1 is a damaged capture: keep what was printed; the judge rejects other codes
		rc=0
		$to "$awstrace" decode --json "$cap" >"$out.ndjson" 2>"$out.stderr" || rc=$?
		# what tshark never shows by design out (tshark_view.py says what and why)
		"$python" "$view" "$out.ndjson" "$out.view.ndjson"
		"$python" "$compare" "$tsv" "$out.view.ndjson" --fields="$cgroups" --verbose \
			>"$out.cmp" || true	# no totals in $out.cmp: the judge reports it
		printf '%s\n' "$fam$tab$fam/$name$tab$groups$tab$tsv$tab$out.ndjson$tab$out.cmp$tab$rc" \
			>>"$manifest"
	done
done

rc=0
"$python" "$judge" "$known" "$manifest" || rc=$?
exit $rc
