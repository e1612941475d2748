#!/bin/sh
# conformance_samples.sh AWSTRACE - issue 18's samples against tshark 4.0, run live (the
# samples are the project's own, so their oracle is made here, not kept in ../shared):
# BFD state, diagnostic and discriminators and LACP subtype, actor/partner state and port
# on samples/captures/dx-bfd-lacp.pcap; the TCP-MD5 digest of every segment of
# samples/captures/bgp-md5.pcap. Prints matched/compared per field; exit 1 on any
# difference. Skipped without tshark.
set -eu
awstrace=$1
cd "$(dirname "$0")/.."
if ! command -v tshark >/dev/null 2>&1; then
	echo "conformance-samples: skipped: no tshark"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/conformance-samples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
for s in dx-bfd-lacp bgp-md5; do
	tshark -r "samples/captures/$s.pcap" -T fields -e frame.number -e bfd.sta -e bfd.diag \
		-e bfd.my_discriminator -e bfd.your_discriminator -e slow.subtype \
		-e lacp.actor.port -e lacp.actor.state -e lacp.partner.state \
		-e tcp.options.md5.digest >"$tmp/$s.tsv" 2>/dev/null
	"$awstrace" decode --json "samples/captures/$s.pcap" >"$tmp/$s.ndjson" 2>/dev/null || true
done
/usr/bin/python3 - "$tmp" <<'PY'
import json, os, sys
fields = ["bfd.sta", "bfd.diag", "bfd.my_discriminator", "bfd.your_discriminator",
          "slow.subtype", "lacp.actor.port", "lacp.actor.state", "lacp.partner.state",
          "tcp.options.md5.digest"]
def ours(p):
    f = {k: [] for k in fields}
    for l in p["layers"]:
        if l["p"] == "bfd" and not l.get("echo"):
            f["bfd.sta"].append(l["state"]); f["bfd.diag"].append(l["diag"])
            f["bfd.my_discriminator"].append(l["my_disc"])
            f["bfd.your_discriminator"].append(l["your_disc"])
        if l["p"] == "lacp":
            f["slow.subtype"].append(l["subtype"])
            if "actor" in l:
                f["lacp.actor.port"].append(l["actor"]["port"])
                f["lacp.actor.state"].append(l["actor"]["state"])
            if "partner" in l:
                f["lacp.partner.state"].append(l["partner"]["state"])
        if l["p"] == "tcp" and "md5" in l:
            f["tcp.options.md5.digest"].append(l["md5"])
    return f
def theirs(k, cell):
    vals = [x for x in cell.split(",") if x]
    return vals if k == "tcp.options.md5.digest" else [int(x, 0) for x in vals]
stat, bad = {}, []
for s in ("dx-bfd-lacp", "bgp-md5"):
    pk = {}
    for line in open(os.path.join(sys.argv[1], s + ".ndjson")):
        p = json.loads(line)
        pk[p["n"]] = p
    for line in open(os.path.join(sys.argv[1], s + ".tsv")):
        cols = line.rstrip("\n").split("\t")
        n = int(cols[0])
        got = ours(pk.get(n, {"layers": []}))
        for k, cell in zip(fields, cols[1:]):
            w, g = theirs(k, cell), got[k]
            if not w and not g:
                continue
            st = stat.setdefault(k, [0, 0])
            st[1] += 1
            if w == g:
                st[0] += 1
            else:
                bad.append(f"{s} frame {n} {k}: tshark={w} ours={g}")
print("conformance-samples: issue 18's samples against tshark 4.0")
for k, (m, c) in stat.items():
    print(f"  {k:<24} {m}/{c}")
for b in bad:
    print("  " + b)
print(f"conformance-samples: {'FAIL' if bad else 'PASS'} ({len(bad)} difference(s))")
sys.exit(1 if bad else 0)
PY
