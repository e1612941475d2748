#!/bin/sh
# conformance_esp.sh AWSTRACE - ESP decryption (issue 18) against tshark 4.0's, on the VPN
# sample samples/gen writes with its keys (samples/captures/vpn-esp.pcap, vpn-esp.csv).
#
# tshark gets the same SAs as its esp_sa table (uat:esp_sa, from the CSV) with decryption
# and ICV checking on; awstrace gets --esp-keys. Per frame: the IPv4 addresses outer and
# inner, the TCP and UDP source ports, and the ICV verdict (tshark's esp.icv_good/bad,
# ours the esp layer's decrypt). Where the ICV fails, tshark still shows what AES-GCM
# decrypted and awstrace shows nothing by design (RFC 4303 §3.4.4: a packet that fails
# its ICV is discarded): there only the verdict and the outer fields are compared.
# Prints matched/compared per field; exit 1 on any difference. Skipped without tshark.
set -eu
awstrace=$1
cd "$(dirname "$0")/.."
cap=samples/captures/vpn-esp.pcap
keys=samples/captures/vpn-esp.csv
if ! command -v tshark >/dev/null 2>&1; then
	echo "conformance-esp: skipped: no tshark"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/conformance-esp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
# esp_sa rows: protocol, src, dst, SPI, encryption, key, authentication, key
/usr/bin/python3 - "$keys" >"$tmp/uat" <<'PY'
import csv, sys
enc = {"aes-gcm-16": "AES-GCM with 16 octet ICV [RFC4106]", "aes-cbc": "AES-CBC [RFC3602]"}
auth = {"none": "NULL", "hmac-sha1-96": "HMAC-SHA-1-96 [RFC2404]",
        "hmac-sha2-256-128": "HMAC-SHA-256-128 [RFC4868]",
        "hmac-sha2-384-192": "HMAC-SHA-384-192 [RFC4868]",
        "hmac-sha2-512-256": "HMAC-SHA-512-256 [RFC4868]"}
for r in csv.DictReader(open(sys.argv[1])):
    ak = "0x" + r["auth-key"] if r["auth-key"] else ""
    print(f'"IPv4","{r["src"]}","{r["dst"]}","{r["spi"]}","{enc[r["enc"]]}",'
          f'"0x{r["enc-key"]}","{auth[r["auth"]]}","{ak}"')
PY
set -- -r "$cap" -o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE
while IFS= read -r row; do
	set -- "$@" -o "uat:esp_sa:$row"
done <"$tmp/uat"
tshark "$@" -T fields -e frame.number -e ip.src -e ip.dst -e tcp.srcport -e udp.srcport \
	-e esp.icv_good -e esp.icv_bad >"$tmp/tshark.tsv" 2>/dev/null
"$awstrace" decode --json --esp-keys "$keys" "$cap" >"$tmp/ours.ndjson" 2>/dev/null || true
/usr/bin/python3 - "$tmp/tshark.tsv" "$tmp/ours.ndjson" <<'PY'
import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
ours = {}
for l in open(sys.argv[2]):
    p = json.loads(l)
    ours[p["n"]] = p
stat, bad = {}, []
def cmp(n, field, want, got):
    s = stat.setdefault(field, [0, 0])
    s[1] += 1
    if want == got:
        s[0] += 1
    else:
        bad.append(f"frame {n} {field}: tshark={want} ours={got}")
for r in rows:
    n = int(r[0])
    split = lambda c: [x for x in c.split(",") if x]
    p = ours.get(n, {"layers": []})
    lay = lambda name: [l for l in p["layers"] if l["p"] == name]
    esp = lay("esp")
    icv_bad = r[6] == "1"
    verdict = "icv_mismatch" if icv_bad else "decrypted"
    cmp(n, "icv", verdict, esp[0].get("decrypt") if esp else None)
    src, dst = split(r[1]), split(r[2])
    if icv_bad:
        src, dst = src[:1], dst[:1]
    cmp(n, "ip.src", src, [l["src"] for l in lay("ipv4")])
    cmp(n, "ip.dst", dst, [l["dst"] for l in lay("ipv4")])
    if not icv_bad:
        cmp(n, "tcp.srcport", [int(x) for x in split(r[3])], [l["sport"] for l in lay("tcp")])
        cmp(n, "udp.srcport", [int(x) for x in split(r[4])], [l["sport"] for l in lay("udp")])
print("conformance-esp: awstrace --esp-keys against tshark 4.0 with the same esp_sa table")
for f, (m, c) in stat.items():
    print(f"  {f:<12} {m}/{c}")
for b in bad:
    print("  " + b)
print(f"conformance-esp: {'FAIL' if bad else 'PASS'} ({len(bad)} difference(s), {len(rows)} frames)")
sys.exit(1 if bad else 0)
PY
