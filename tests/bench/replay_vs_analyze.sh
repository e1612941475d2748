#!/bin/sh
# replay_vs_analyze.sh AWSTRACE [--check] [CAPTURE...] - per capture (default: every one of
# samples/captures), the per-hop packet counts and verdict totals `awstrace replay` gives
# next to those `awstrace analyze --json` implies (each flow direction's packets_ab /
# packets_ba over the hops of its path). Without --check a report: it prints the
# differences and exits 0. With --check (issue 13's check, run by tests/cli.sh) it exits 1
# when any capture differs. It skips (exit 0) when this build has no `analyze` command.
# The rules that make them equal (README, "Replay and analyze count alike"): engine
# per-hop counters count walked packets only (ESP, IKE, a VIF's BGP and BFD are unmodeled;
# they load their link in the modeled network only); a fragment is walked as its
# reassembled datagram; a VIF is the inner tag of a QinQ frame in both. Not comparable
# here: a flow direction whose path changed in time (analyze gives no per-path packet
# count), so the incident captures differ in this script by construction.
set -u
bin=${1:-./awstrace}
[ $# -gt 0 ] && shift
check=0
if [ "${1:-}" = "--check" ]; then
	check=1
	shift
fi
if [ $# -eq 0 ]; then
	set -- samples/captures/*.pcap samples/captures/*.pcapng samples/captures/*.gz
fi
bad=0
if ! "$bin" analyze --help >/dev/null 2>&1; then
	echo "replay_vs_analyze: $bin has no analyze command: skipped"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rva.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
for c in "$@"; do
	[ -r "$c" ] || continue
	"$bin" analyze --json "$tmp/a.json" "$c" >/dev/null 2>&1
	"$bin" replay -q -j 1 --json "$tmp/r.json" "$c" >/dev/null 2>&1
	[ -s "$tmp/a.json" ] && [ -s "$tmp/r.json" ] || {
		echo "== $c: not compared"
		bad=1
		continue
	}
	python3 - "$c" "$tmp/a.json" "$tmp/r.json" <<'PY'
import collections, json, sys
name, a, r = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
ah, av = collections.Counter(), collections.Counter()
for f in a.get("flows", []):
    for p in f["paths"]:
        if sum(q["direction"] == p["direction"] for q in f["paths"]) > 1:
            continue  # a path that changed in time: no per-path packet count
        n = f["packets_ab"] if p["direction"] == "forward" else f["packets_ba"]
        av[p["verdict"]] += n
        for h in p["hops"]:
            ah[h] += n
rh = collections.Counter({h["id"]: h["packets"] for h in r["engine"]["hops"]})
diff = [k for k in sorted(set(ah) | set(rh)) if ah[k] != rh[k]]
rv = r["engine"]["verdicts"]
print("== %s: analyze %s; replay delivered %d dropped %d unknown %d unmodeled %d; %d hops differ"
      % (name, dict(av), rv["delivered"], rv["dropped"], rv["unknown"], rv["unmodeled"], len(diff)))
for k in diff:
    print("   %-40s analyze %6d  replay %6d" % (k, ah[k], rh[k]))
same = not diff and all(av[v] == rv[v] for v in ("delivered", "dropped", "unknown"))
sys.exit(0 if same else 1)
PY
	[ $? -eq 0 ] || bad=1
	rm -f "$tmp/a.json" "$tmp/r.json"
done
[ "$check" -eq 1 ] && exit "$bad"
exit 0
