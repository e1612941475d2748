#!/bin/sh
# replay_vs_analyze.sh AWSTRACE - per capture of samples/captures, the per-hop packet counts
# and verdict totals `awstrace replay` gives next to those `awstrace analyze --json` implies
# (each flow direction's packets_ab / packets_ba over the hops of its path). A report, not a
# test: it prints the differences and exits 0; it skips (exit 0) when this build has no
# `analyze` command. Known differences, by design: replay counts ESP and BGP-on-a-VIF packets
# on their tunnel / VIF hop (unmodeled, loading the link), walks replies from addresses no
# interface holds (the engine says unknown_source), and leaves non-first fragments unmodeled;
# analyze may enter an on-premises source at its network (hop dc1) where replay enters at the
# VIF of its VLAN, or the other way round.
set -u
bin=${1:-./awstrace}
if ! "$bin" analyze --help >/dev/null 2>&1; then
	echo "replay_vs_analyze: $bin has no analyze command: skipped"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rva.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
for c in samples/captures/*.pcap samples/captures/*.pcapng samples/captures/*.gz; do
	[ -r "$c" ] || continue
	"$bin" analyze --json "$tmp/a.json" "$c" >/dev/null 2>&1
	"$bin" replay -q -j 1 --json "$tmp/r.json" "$c" >/dev/null 2>&1
	[ -s "$tmp/a.json" ] && [ -s "$tmp/r.json" ] || { echo "== $c: not compared"; continue; }
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
PY
	rm -f "$tmp/a.json" "$tmp/r.json"
done
exit 0
