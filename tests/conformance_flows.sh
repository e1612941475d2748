#!/bin/sh
# conformance_flows.sh AWSTRACE - `awstrace flows` against tshark's conversation tables on
# the public captures in ../shared/captures/*/ (issue 5).
#
# For every capture: `tshark -n -q -z conv,tcp -z conv,udp` (an empty private configuration,
# so no personal preference changes what tshark counts) and `AWSTRACE flows --json`. Both
# sides are grouped by conversation: protocol and the unordered pair of address:port
# endpoints. Per conversation the number of flows, frames and bytes must match; a
# conversation one side has and the other has not is a difference too. Differences listed
# in tests/known-differences-flows.tsv (capture, conversation or *, field or *, reason) are
# expected; listed ones that no longer differ are printed as stale (a warning).
#
# tshark prints bytes in SI units once they pass 9999 ("65 kB" for 65535: the digits are
# truncated): such a value v matches awstrace's b when v <= b <= v + one unit.
#
#   CONFORMANCE_VERBOSE=1   also print the known (listed) differences
#   CONFORMANCE_KEEP=DIR    keep tshark's and awstrace's outputs in DIR
# Exit 0 when every difference is known, 1 otherwise, 2 on bad usage; skipped (exit 0)
# without ../shared.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: $0 AWSTRACE" >&2
	exit 2
fi
awstrace=$1
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
if ! command -v tshark >/dev/null 2>&1; then
	echo "conformance: skipped: no tshark (make deps installs it)"
	exit 0
fi
python=/usr/bin/python3
known=tests/known-differences-flows.tsv
if [ ! -e "$known" ]; then
	echo "conformance: $known: missing" >&2
	exit 2
fi

if [ -n "${CONFORMANCE_KEEP:-}" ]; then
	work=$CONFORMANCE_KEEP
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/conformance-flows.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	trap 'exit 130' INT TERM
fi
cp "$awstrace" "$work/awstrace"
mkdir -p "$work/wireshark"

manifest=$work/manifest.tsv
: >"$manifest"
tab=$(printf '\t')
for cap in "$captures"/*/*.pcap "$captures"/*/*.pcapng; do
	[ -e "$cap" ] || continue
	rel=${cap#"$captures"/}
	out=$work/$(echo "$rel" | tr / _)
	WIRESHARK_CONFIG_DIR=$work/wireshark tshark -n -q -r "$cap" -z conv,tcp -z conv,udp \
		>"$out.tshark" 2>"$out.tshark.err" || true
	rc=0
	"$work/awstrace" flows --json "$cap" >"$out.flows" 2>"$out.flows.err" || rc=$?
	printf '%s\n' "$rel$tab$out.tshark$tab$out.flows$tab$rc" >>"$manifest"
done

exec "$python" - "$known" "$manifest" "${CONFORMANCE_VERBOSE:-0}" <<'EOF'
import json, re, sys
from collections import defaultdict

known_path, manifest, verbose = sys.argv[1], sys.argv[2], sys.argv[3] == "1"

known = {}
for line in open(known_path):
    if not line.strip() or line.startswith("#"):
        continue
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 4:
        sys.exit("conformance: %s: bad line: %r" % (known_path, line))
    known[(parts[0], parts[1], parts[2])] = [parts[3], False]

UNITS = {"bytes": 1, "kB": 1000, "MB": 1000**2, "GB": 1000**3}

def endpoint(s):
    addr, _, port = s.rpartition(":")
    return addr + ":" + port

def parse_tshark(path):
    """{(proto, (ep, ep)): [conversations, frames, bytes, tolerance]}"""
    convs = defaultdict(lambda: [0, 0, 0, 0])
    proto = None
    for line in open(path, errors="replace"):
        if line.startswith("TCP Conversations"):
            proto = 6
        elif line.startswith("UDP Conversations"):
            proto = 17
        m = re.match(r"^(\S+)\s+<->\s+(\S+)\s+(\d+)\s+([\d.]+) (\w+)\s+(\d+)\s+([\d.]+) (\w+)"
                     r"\s+(\d+)\s+([\d.]+) (\w+)", line)
        if not m or proto is None:
            continue
        a, b = endpoint(m.group(1)), endpoint(m.group(2))
        frames = int(m.group(9))
        unit = UNITS.get(m.group(11), 1)
        value = float(m.group(10))
        c = convs[(proto, tuple(sorted((a, b))))]
        c[0] += 1
        c[1] += frames
        c[2] += value * unit
        c[3] += 0 if unit == 1 else unit
    return convs

def parse_flows(path):
    convs = defaultdict(lambda: [0, 0, 0, 0])
    for line in open(path, errors="replace"):
        o = json.loads(line)
        if "summary" in o or o.get("proto") not in (6, 17) or "sport" not in o:
            continue
        def ep(addr, port):
            return "%s:%d" % (addr, port)
        k = (o["proto"], tuple(sorted((ep(o["src"], o["sport"]), ep(o["dst"], o["dport"])))))
        c = convs[k]
        c[0] += 1
        c[1] += o["packets"]
        c[2] += o["bytes"]
    return convs

total = {"conversations": 0, "matched": 0}
unexpected = 0
per_family = defaultdict(lambda: [0, 0])
for line in open(manifest):
    rel, tshark_out, flows_out, rc = line.rstrip("\n").split("\t")
    fam = rel.split("/")[0]
    if rc not in ("0", "1"):
        print("conformance: FAIL %s: awstrace flows exited %s" % (rel, rc))
        unexpected += 1
        continue
    ts, aw = parse_tshark(tshark_out), parse_flows(flows_out)
    for k in sorted(set(ts) | set(aw), key=str):
        conv = "%s %s<->%s" % ("tcp" if k[0] == 6 else "udp", k[1][0], k[1][1])
        total["conversations"] += 1
        per_family[fam][0] += 1
        diffs = []
        if k not in ts:
            diffs.append(("conversation", "only in awstrace (%d flows)" % aw[k][0]))
        elif k not in aw:
            diffs.append(("conversation", "only in tshark (%d frames)" % ts[k][1]))
        else:
            t, a = ts[k], aw[k]
            if t[0] != a[0]:
                diffs.append(("flows", "tshark %d, awstrace %d" % (t[0], a[0])))
            if t[1] != a[1]:
                diffs.append(("frames", "tshark %d, awstrace %d" % (t[1], a[1])))
            if not (t[2] <= a[2] <= t[2] + t[3]):
                diffs.append(("bytes", "tshark %g, awstrace %d" % (t[2], a[2])))
        if not diffs:
            total["matched"] += 1
            per_family[fam][1] += 1
            continue
        for field, what in diffs:
            key = None
            for cand in ((rel, conv, field), (rel, conv, "*"), (rel, "*", field), (rel, "*", "*")):
                if cand in known:
                    key = cand
                    break
            if key:
                known[key][1] = True
                if verbose:
                    print("conformance: known %s: %s: %s: %s (%s)" % (rel, conv, field, what,
                                                                    known[key][0]))
            else:
                unexpected += 1
                print("conformance: FAIL %s: %s: %s: %s" % (rel, conv, field, what))

for fam in sorted(per_family):
    n, ok = per_family[fam]
    print("conformance: flows %-8s %4d/%-4d conversations match tshark" % (fam, ok, n))
for key, (reason, used) in sorted(known.items()):
    if not used:
        print("conformance: stale: %s\t%s\t%s no longer differs" % key)
print("conformance: flows: %d of %d conversations match, %d unexpected differences"
      % (total["matched"], total["conversations"], unexpected))
sys.exit(1 if unexpected else 0)
EOF
