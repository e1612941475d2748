#!/bin/sh
# cli.sh AWSTRACE - command-line behaviour the golden files cannot show: a reader that goes
# away (| head) ends the run quietly with exit 0, usage errors exit 2, --help exits 0.
# Run from the repository root by `make test`.
set -u
bin=$1
pass=0
fail=0
check() { # NAME EXPECTED ACTUAL [DETAIL]
	if [ "$2" = "$3" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "cli: FAIL $1: expected $2, got $3 ${4:-}"
	fi
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# head takes 100 bytes and leaves: the writer must see EPIPE, stop, say nothing, exit 0.
for f in samples/captures/core.pcap samples/captures/encap-mix.pcapng.gz; do
	rc=$({ "$bin" decode --json "$f" 2>"$tmp/err"; echo $? >"$tmp/rc"; } | head -c 100 >/dev/null; cat "$tmp/rc")
	check "epipe $f exit" 0 "$rc"
	check "epipe $f stderr" 0 "$(wc -c <"$tmp/err" | tr -d ' ')" "$(cat "$tmp/err")"
done
"$bin" decode >/dev/null 2>&1
check "decode without FILE" 2 $?
"$bin" decode --no-such-option samples/captures/core.pcap >/dev/null 2>&1
check "unknown option" 2 $?
"$bin" decode -f 'not a (filter' samples/captures/core.pcap >/dev/null 2>&1
check "bad BPF filter" 2 $?
for c in decode flows; do
	"$bin" $c --http2-port 70000 samples/captures/core.pcap >/dev/null 2>"$tmp/err"
	check "$c --http2-port 70000" 2 $?
	grep -q "needs a port 1-65535" "$tmp/err"
	check "$c --http2-port says why" 0 $?
done
"$bin" decode -q --json samples/captures/core.pcap >/dev/null 2>&1
check "decode -q with --json" 2 $?
"$bin" no-such-command >/dev/null 2>&1
check "unknown command" 2 $?
for c in decode flows explain topology capture; do
	"$bin" $c --help >/dev/null 2>&1
	check "$c --help" 0 $?
done
# far from the repository the sample topology is the copy built into the binary
cp "$bin" "$tmp/awstrace-copy"
out=$(cd "$tmp" && ./awstrace-copy topology check 2>&1)
check "built-in topology" 0 $?
case "$out" in "topology built-in samples/topologies/hybrid: ok"*) r=0 ;; *) r=1 ;; esac
check "built-in topology named" 0 $r "$out"
(cd "$tmp" && ./awstrace-copy explain --src 10.1.1.10 --dst 192.168.1.10 --proto tcp \
	--dport 443 | tail -1 | grep -q "^delivered to dc1")
check "built-in topology explains" 0 $?
# a Direct Connect VLAN names its virtual interface as the entry point
"$bin" explain --vlan 201 --src 192.168.1.10 --dst 10.1.1.10 --proto tcp --dport 443 \
	| sed -n 2p | grep -q "dx-vif .*802.1Q VLAN 201 on dxcon-"
check "explain --vlan 201 enters at its VIF" 0 $?
"$bin" explain --vlan 999 --src 192.168.1.10 --dst 10.1.1.10 >/dev/null 2>&1
check "explain --vlan without a VIF" 2 $?
"$bin" decode samples/captures/truncated.pcap >/dev/null 2>&1
check "damaged capture" 1 $?
# analyze (issue 12): usage, a damaged capture, --json to a file, the ambiguous vantage
"$bin" analyze >/dev/null 2>&1
check "analyze without FILE" 2 $?
"$bin" analyze --help >/dev/null 2>&1
check "analyze --help" 0 $?
"$bin" analyze samples/captures/no-such.pcap >/dev/null 2>&1
check "analyze missing capture" 1 $?
"$bin" analyze samples/captures/truncated.pcap >/dev/null 2>&1
check "analyze damaged capture" 1 $?
"$bin" analyze --json "$tmp/a.json" samples/captures/incident-notify.pcap >"$tmp/out" 2>&1
check "analyze --json FILE" 0 $?
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["schema"] != 1)' "$tmp/a.json"
check "analyze --json FILE is schema 1" 0 $?
grep -q "^analysis written to $tmp/a.json" "$tmp/out"
check "analyze --json FILE says where" 0 $?
"$bin" analyze --json "$tmp/no/such/dir.json" samples/captures/incident-notify.pcap >/dev/null 2>&1
check "analyze --json unwritable" 1 $?
# ESP to two VPN connections, as many packets each, neither a declared vantage
python3 - "$tmp/tie.pcap" <<'PY'
import struct, sys
def frame(src, dst):
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + 24, 1, 0x4000, 64, 50, 0,
                     bytes(map(int, src.split("."))), bytes(map(int, dst.split("."))))
    return b"\x02\0\0\0\0\x01\x02\0\0\0\0\x02\x08\0" + ip + struct.pack("!II", 0x1000, 1) + bytes(16)
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i, (s, d) in enumerate([("203.0.113.10", "52.95.100.10"), ("203.0.113.10", "52.95.100.30")]):
        p = frame(s, d)
        f.write(struct.pack("<IIII", 1714564800, i, len(p), len(p)) + p)
PY
"$bin" analyze "$tmp/tie.pcap" >/dev/null 2>"$tmp/err"
check "analyze ambiguous vantage" 1 $?
grep -q "vpn-0a1b2c3d4e5f60001.*vpn-05a1b2c3d4e5f0002" "$tmp/err"
check "analyze ambiguous vantage names both" 0 $? "$(cat "$tmp/err")"
"$bin" analyze --vantage vpn-05a1b2c3d4e5f0002 "$tmp/tie.pcap" >/dev/null 2>&1
check "analyze --vantage settles it" 0 $?
echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]
