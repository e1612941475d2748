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
# issue 17 item 1 in replay: a pcapng time past 2262 is saturated, never a signed overflow
# (the sanitized binary aborts on one)
"$bin" replay tests/golden/captures/far-future-udp.pcapng >/dev/null 2>"$tmp/err"
check "replay of a far-future capture" 0 $? "$(cat "$tmp/err")"
# issue 16: tcpdump's habits (-r, -n, attached values, grouped letters), one letter one meaning
c=samples/captures/ipsec.pcap
"$bin" decode -c 3 "$c" >"$tmp/want" 2>&1
for args in "-r $c -c3" "-nr $c -c 3" "-nc3 $c" "--count=3 -n $c" "-qn -r $c"; do
	"$bin" decode $args >"$tmp/got" 2>&1
	rc=$?
	case "$args" in -q*) "$bin" decode -q "$c" >"$tmp/want" 2>&1 ;; esac
	cmp -s "$tmp/want" "$tmp/got"
	check "decode $args = the plain form" "0 0" "$rc $?"
done
"$bin" flows -nr "$c" --top 1 >/dev/null 2>&1
check "flows -nr FILE" 0 $?
# -s is the snapshot length everywhere: in flows too (a live option, so exit 2 on a file)
"$bin" flows -s 100 "$c" >/dev/null 2>"$tmp/err"
check "flows -s is snaplen" 2 $?
grep -q "needs -i IFACE" "$tmp/err"
check "flows -s says it is live" 0 $?
"$bin" explain -s 10.1.1.10 --dst 10.2.1.20 >/dev/null 2>&1
check "explain has no -s" 2 $?
"$bin" help decode >"$tmp/a" 2>&1
check "help decode exit" 0 $?
"$bin" decode --help >"$tmp/b" 2>&1
cmp -s "$tmp/a" "$tmp/b"
check "help decode = decode --help" 0 $?
grep -q "never resolves names" "$tmp/a"
check "decode --help says -n is ignored" 0 $?
"$bin" --version >"$tmp/v" 2>&1
check "--version exit" 0 $?
for lib in awstrace libpcap GLib nghttp2 zlib; do
	grep -q "^$lib" "$tmp/v"
	check "--version names $lib" 0 $? "$(cat "$tmp/v")"
done
"$bin" decode --color=sometimes "$c" >/dev/null 2>&1
check "--color bad value" 2 $?
# --color: never into a pipe unless asked; always: separators dimmed, events red
"$bin" decode -c 1 samples/captures/gwlb-geneve.pcap | grep -q "$(printf '\033')"
check "no colour into a pipe" 1 $?
"$bin" decode --color=always -c 1 samples/captures/gwlb-geneve.pcap | grep -q "$(printf '\033\\[2m|')"
check "--color=always dims the separator" 0 $?
"$bin" decode --color=always --esp-keys samples/captures/vpn-esp.xfrm samples/captures/vpn-esp.pcap 2>/dev/null | grep -q "$(printf '\033\\[31m') \\[!"
check "--color=always: events in red" 0 $?
# issue 16: layer names dimmed too, byte-exact on one line: UDP, GENEVE and TCP wrapped in
# SGR 2, the " | " before the inner packet dimmed, the IP layers' addresses plain
e=$(printf '\033')
want="1 2024-05-01T12:05:00.000000Z 10.1.200.50 > 10.1.210.20 $e[2mUDP$e[0m 61234 > 6081 $e[2mGENEVE$e[0m vni=0 [gwlb_endpoint_id=vpce-0123456789abcdef0 gwlb_attachment_id=0x5a1b2c3d4e5f6071 gwlb_flow_cookie=0x7d3c9a41] $e[2m|$e[0m 10.1.1.10 > 192.168.10.5 $e[2mTCP$e[0m 49812 > 80 [S] seq=3575624574 win=62727 mss=1460 wscale=7 sackOK ts=3021449812/0 len=0"
got=$("$bin" decode --color always -c 1 samples/captures/gwlb-geneve.pcap)
check "--color always: layer names dimmed (byte-exact)" "$want" "$got"
"$bin" decode --color=always -c 3 samples/captures/mpls-erspan.pcap | head -1 | grep -q "Z $e\\[2mMPLS$e\\[0m \\[24001"
check "--color always: a line's first layer name dimmed" 0 $?
"$bin" decode --color=always -v -c 1 samples/captures/ipsec.pcap | grep -q "^  $e\\[2mike$e\\[0m: "
check "--color always: -v dims the layer names" 0 $?
for args in "--color never" "--color=never -v" ""; do
	"$bin" decode $args samples/captures/gwlb-geneve.pcap | grep -q "$e"
	check "no ESC byte: decode $args into a pipe" 1 $?
done
"$bin" explain --color never --src 192.168.1.10 --dst 10.2.2.30 --proto tcp --dport 22 | grep -q "$e"
check "no ESC byte: explain --color never" 1 $?
# auto on a terminal (script(1) gives one): colour, unless NO_COLOR is set and not empty
if command -v script >/dev/null 2>&1; then
	script -qec "$bin decode -c 1 samples/captures/gwlb-geneve.pcap" /dev/null | grep -q "$e\\[2mGENEVE"
	check "--color auto on a terminal: colour" 0 $?
	NO_COLOR=1 script -qec "$bin decode -c 1 samples/captures/gwlb-geneve.pcap" /dev/null | grep -q "$e"
	check "--color auto on a terminal with NO_COLOR: no ESC byte" 1 $?
	NO_COLOR= script -qec "$bin decode -c 1 samples/captures/gwlb-geneve.pcap" /dev/null | grep -q "$e\\[2mGENEVE"
	check "--color auto on a terminal with NO_COLOR empty: colour" 0 $?
	NO_COLOR=1 script -qec "$bin explain --src 192.168.1.10 --dst 10.2.2.30 --dport 22" /dev/null | grep -q "$e"
	check "explain on a terminal with NO_COLOR: no ESC byte" 1 $?
fi
NO_COLOR=1 "$bin" decode --color=always -c 1 samples/captures/gwlb-geneve.pcap | grep -q "$e\\[2mGENEVE"
check "--color=always wins over NO_COLOR" 0 $?
# a bad BPF is exit 2 in every command, live too (checked before the device is opened)
for args in "decode -i lo" "flows -i lo" "capture -i lo -w $tmp/x.pcap" "decode samples/captures/core.pcap" "flows samples/captures/core.pcap"; do
	"$bin" $args -f 'tcp port' >/dev/null 2>"$tmp/err"
	check "bad BPF: $args" 2 $?
	grep -q "syntax error" "$tmp/err"
	check "bad BPF says libpcap's message: $args" 0 $?
done
# VLAN-tagged frames and a filter without "vlan": nothing matches, and a hint says why
"$bin" decode -f 'tcp port 179' samples/captures/bgp-dx-vif.pcap >/dev/null 2>"$tmp/err"
grep -q 'try "vlan and tcp port 179"' "$tmp/err"
check "VLAN hint" 0 $?
"$bin" decode -f 'vlan and tcp port 179' samples/captures/bgp-dx-vif.pcap >/dev/null 2>"$tmp/err"
check "no VLAN hint with vlan" 0 "$(wc -c <"$tmp/err" | tr -d ' ')"
# issue 11: topologies. A directory without any snapshot file is an error, not "ok".
mkdir "$tmp/empty-topology"
"$bin" topology check "$tmp/empty-topology" >/dev/null 2>"$tmp/err"
check "topology check of an empty directory" 1 $?
grep -q "no snapshot files" "$tmp/err"
check "empty directory says so" 0 $?
# warnings exit 0; --strict makes them an error
"$bin" topology check tests/fixtures/topo-warnings >/dev/null 2>&1
check "topology check with warnings" 0 $?
"$bin" topology check --strict tests/fixtures/topo-warnings >/dev/null 2>&1
check "topology check --strict with warnings" 1 $?
"$bin" topology check --strict tests/fixtures/multi-account >/dev/null 2>&1
check "topology check --strict, all accounts" 0 $?
# issue 17 item 2: nesting bounded before parsing (json-glib recurses): exit 1, no crash
mkdir "$tmp/deep"
awk 'BEGIN { printf "{\"Vpcs\": "; for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "}" }' >"$tmp/deep/describe-vpcs.json"
"$bin" topology check "$tmp/deep" >/dev/null 2>"$tmp/err"
check "deeply nested JSON" 1 $?
grep -q "describe-vpcs.json: JSON nested deeper than 64 levels" "$tmp/err"
check "deeply nested JSON names file and depth" 0 $? "$(cat "$tmp/err")"
"$bin" explain -t "$tmp/deep" --src 10.1.1.10 --dst 10.2.1.20 >/dev/null 2>&1
check "explain on deeply nested JSON" 1 $?
# --topology several times: one model across accounts
m=tests/fixtures/multi-account
"$bin" explain -t $m/hub -t $m/spoke-a -t $m/spoke-b -t $m/partner --src 10.1.1.10 \
	--dst 10.2.1.20 --proto tcp --dport 443 | tail -1 | grep -q "^delivered to eni-0ccc0000000000c01"
check "explain across four --topology directories" 0 $?
"$bin" topology check -t $m/hub -t $m/partner >/dev/null 2>&1
check "topology check -t twice" 0 $?
# samples/aws-snapshot.sh against a stand-in AWS CLI: every file it writes loads
PATH="$PWD/tests/fixtures/fake-aws:$PATH" sh samples/aws-snapshot.sh -r us-east-1 "$tmp/snaps/acct" \
	2>/dev/null
check "aws-snapshot.sh with a stand-in CLI" 0 $?
"$bin" topology check "$tmp/snaps" >"$tmp/out" 2>&1
check "its snapshot loads" 0 $? "$(cat "$tmp/out")"
grep -q "account 123456789012, us-east-1" "$tmp/out"
check "its account.json is read" 0 $?
test -s "$tmp/snaps/acct/snap/describe-target-health/gwlb-tg.0123abcd.json" &&
	test -s "$tmp/snaps/acct/snap/describe-firewall/fw-1.json" &&
	test -s "$tmp/snaps/acct/snap/get-managed-prefix-list-entries/pl-1.json"
check "target health, firewalls and AWS-managed prefix list entries fetched" 0 $?
"$bin" topology show "$tmp/snaps" 2>&1 | grep -q \
	"Connect peer tgw-connect-peer-1 available: GRE 10.99.0.1 <-> 10.0.1.10, inside 169.254.6.0/29"
check "Connect peers fetched and on their Connect attachment" 0 $?
# issue 17 item 3: every command's output is checked: on a full device it says why and
# exits 1 (was: explain >/dev/full exited 0). --help and --version too.
if [ -w /dev/full ]; then
	devfull() { # NAME ARGS...
		name=$1
		shift
		"$bin" "$@" >/dev/full 2>"$tmp/err"
		check "$name >/dev/full exit" 1 $?
		grep -q "writing output failed: No space left on device" "$tmp/err"
		check "$name >/dev/full says why" 0 $? "$(cat "$tmp/err")"
	}
	devfull "decode" decode samples/captures/core.pcap
	devfull "decode --json" decode --json samples/captures/core.pcap
	devfull "decode -q" decode -q samples/captures/core.pcap
	devfull "flows" flows samples/captures/core.pcap
	devfull "flows --json" flows --json samples/captures/core.pcap
	devfull "explain" explain --src 10.1.1.10 --dst 192.168.1.10 --proto tcp --dport 443
	devfull "explain --json" explain --json --src 10.1.1.10 --dst 192.168.1.10
	devfull "topology check" topology check
	devfull "topology show" topology show
	devfull "topology show --dot" topology show --dot
	devfull "capture -D" capture -D
	devfull "decode --help" decode --help
	devfull "--help" --help
	devfull "--version" --version
else
	echo "cli: SKIP /dev/full checks: no writable /dev/full"
fi
# issue 17 item 8: rotation of standard output is a usage error, found before any device
"$bin" capture -i lo -w - -C 5 >/dev/null 2>"$tmp/err"
check "capture -w - -C 5" 2 $?
grep -q "cannot be rotated" "$tmp/err"
check "capture -w - -C 5 says why" 0 $? "$(cat "$tmp/err")"
# issue 17 item 6: carrier labels are freed with their last flow and the summary's carrier
# rows are capped: 1M distinct GENEVE carriers through --top 10 --max-flows 1000 hold at
# most 1000 labels at once (counters, not time). Item 7: past --max-flows, flows are
# written as they end, counted, and the totals stay exact.
if command -v python3 >/dev/null 2>&1; then
	python3 tests/gen/geneve_carriers.py 1000000 |
		"$bin" flows --json --top 10 --max-flows 1000 - >"$tmp/car.json" 2>"$tmp/err"
	check "1M carriers exit" 0 $? "$(cat "$tmp/err")"
	r=$(tail -1 "$tmp/car.json" | python3 -c '
import json, sys
s = json.load(sys.stdin)["summary"]
l = s["carrier_labels"]
ok = (s["frames"] == 1000000 and s["flows"] == 2000000 and l["made"] == 1000000 and
      0 < l["peak"] <= 1000 and s["live_peak"] <= 1000 and len(s["carriers"]) <= 1001 and
      l["folded_flows"] > 0)
print("ok" if ok else "bad: %r" % {k: v for k, v in s.items() if k != "carriers"})')
	check "1M carriers: labels and rows bounded" ok "$r"
	python3 tests/gen/geneve_carriers.py 2500 >"$tmp/g.pcap"
	r=$("$bin" flows --json --max-flows 1000 "$tmp/g.pcap" | python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin]
s, flows = lines[-1]["summary"], lines[:-1]
ids = sorted(f["id"] for f in flows)
ok = (len(flows) == 5000 and ids == list(range(1, 5001)) and s["flows"] == 5000 and
      s["written_as_ended"] == 4000 and s["table_max"] == 1000 and
      s["frames"] == 2500 and sum(f["packets"] for f in flows) == 2 * s["frames"])
rest = {k: v for k, v in s.items() if k != "carriers"}
print("ok" if ok else "bad: %d flows, %r" % (len(flows), rest))')
	check "flows past --max-flows written as they end, totals exact" ok "$r"
	"$bin" flows --max-flows 1000 "$tmp/g.pcap" >"$tmp/g.txt"
	grep -q "^written as they ended, above the table: 4000 (the sorted table holds at most 1000" \
		"$tmp/g.txt"
	check "text summary says how many were written as they ended" 0 $?
	check "text: every flow is listed once" 5000 "$(grep -cE '^ *[0-9]+  [0-9-]+T[0-9:.]+Z +udp ' "$tmp/g.txt")"
else
	echo "cli: SKIP carrier and streaming checks: no python3"
fi
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
# one meaning per letter: -n is the ignored -n in replay and analyze too (--loops is long
# only), and replay's -j takes an attached value like every value letter
"$bin" replay -n -j2 --loops 1 samples/captures/ipsec.pcap >"$tmp/out" 2>&1
check "replay -n -j2 (attached value)" 0 $? "$(head -3 "$tmp/out")"
"$bin" analyze -n samples/captures/ipsec.pcap >/dev/null 2>"$tmp/err"
check "analyze -n accepted" 0 $? "$(cat "$tmp/err")"
"$bin" replay --help 2>&1 | grep -q -- '-n, --loops'
check "replay --loops has no -n" 1 $?
# a GWLB's flow is one flow both ways: the request (after the IGW's 1:1 NAT) and its reply
# carry the same flow cookie (the hash is of the addresses where the endpoint sees them)
"$bin" explain -t tests/fixtures/gwlb-bypass --round-trip --json --from igw-0b7a0000000000001 \
	--src 198.51.100.7 --dst 203.0.113.81 --dport 443 >"$tmp/rt.json" 2>&1
/usr/bin/python3 - "$tmp/rt.json" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
def cookies(p):
    return [m for h in p["hops"] if h["kind"] == "gwlb-endpoint" and h["action"] == "encap"
            for m in re.findall(r"flow cookie (0x[0-9a-f]+)", h["why"])]
a, b = cookies(d["request"]), cookies(d["reply"])
sys.exit(0 if a and a == b else 1)
PY
check "GWLB flow cookie alike both ways" 0 $? "$(head -c 300 "$tmp/rt.json")"
# an empty snapshot file (an aws call that failed and left 0 bytes) is a clear error, not
# a read past the file (fuzz_topology found the uninitialised offset)
rm -rf "$tmp/emptytopo" && cp -r tests/fixtures/analyze-connect "$tmp/emptytopo" &&
	: >"$tmp/emptytopo/describe-vpcs.json"
"$bin" topology check "$tmp/emptytopo" >/dev/null 2>"$tmp/err"
r=$?
grep -q 'describe-vpcs.json: \$: expected an object, got nothing' "$tmp/err"
check "empty snapshot file: exit 1 and says so" "1 0" "$r $?" "$(cat "$tmp/err")"
# replay and bench compare (issue 13): exit codes; figures are not asserted here
"$bin" replay >/dev/null 2>&1
check "replay without FILE" 2 $?
"$bin" replay --speed fast samples/captures/core.pcap >/dev/null 2>&1
check "replay --speed fast" 2 $?
"$bin" replay no/such.pcap >/dev/null 2>&1
check "replay of a missing file" 1 $?
"$bin" replay --down rtb-01a1b2c3d4e5f0002 samples/captures/core.pcap >/dev/null 2>&1
check "replay --down of a route table" 2 $?
"$bin" replay --vantage nothing-here samples/captures/core.pcap >/dev/null 2>&1
check "replay --vantage of nothing" 2 $?
"$bin" replay --loops 2 --threads 3 --json "$tmp/r.json" samples/captures/core.pcap >"$tmp/out"
check "replay --json" 0 $?
grep -q '"engine":{"pps":' "$tmp/r.json"
check "replay --json has engine.pps" 0 $?
grep -q '^  packets/s ' "$tmp/out"
check "replay text summary" 0 $?
"$bin" replay samples/captures/truncated.pcap >/dev/null 2>&1
check "replay of a damaged capture" 1 $?
# issue 13: replay gives analyze's per-hop counters and verdicts on the sample captures
# (those whose paths do not change in time: see README "Replay and analyze count alike")
rva=""
for c in samples/captures/*.pcap samples/captures/*.pcapng samples/captures/*.gz; do
	case $c in
	*/incident-*) ;;
	*) rva="$rva $c" ;;
	esac
done
# shellcheck disable=SC2086
sh tests/bench/replay_vs_analyze.sh "$bin" --check $rva >"$tmp/rva.out" 2>&1
check "replay and analyze count alike on the sample captures" 0 $? "$(grep -v ' 0 hops differ' "$tmp/rva.out" | head -n 5)"
# --topology repeatable (issue 11), loaded as explain loads it
ma=tests/fixtures/multi-account
"$bin" replay -q --json "$tmp/rt.json" --topology $ma/hub --topology $ma/spoke-a \
	samples/captures/core.pcap
check "replay with two --topology" 0 $?
grep -q '"topology":"tests/fixtures/multi-account/hub, tests/fixtures/multi-account/spoke-a"' \
	"$tmp/rt.json"
check "replay --json names both topologies" 0 $?
"$bin" bench compare "$tmp/r.json" "$tmp/r.json" >/dev/null
check "bench compare of a file with itself" 0 $?
b=tests/bench
"$bin" bench compare $b/compare-base.json $b/compare-slower.json >"$tmp/out"
check "bench compare: 10% fewer packets/s" 1 $?
grep -q "^pps .*REGRESSION" "$tmp/out"
check "bench compare names the regression" 0 $?
"$bin" bench compare $b/compare-base.json $b/compare-later.json >/dev/null
check "bench compare: p99 10% later" 1 $?
"$bin" bench compare $b/compare-base.json $b/compare-noise.json >/dev/null
check "bench compare: 1% passes" 0 $?
"$bin" bench compare --max-regression 15% $b/compare-base.json $b/compare-slower.json >/dev/null
check "bench compare --max-regression 15%" 0 $?
"$bin" bench compare $b/compare-base.json >/dev/null 2>&1
check "bench compare with one file" 2 $?
"$bin" bench compare --max-regression lots $b/compare-base.json $b/compare-base.json >/dev/null 2>&1
check "bench compare --max-regression lots" 2 $?
"$bin" bench compare $b/compare-base.json samples/captures/core.pcap >/dev/null 2>&1
check "bench compare of a capture" 1 $?
for c in replay bench; do
	"$bin" $c --help >/dev/null 2>&1
	check "$c --help" 0 $?
done
# explain --json for scripts (issue 16): the query echoed, structured route and NACL rule
out=$("$bin" explain --json --src 192.168.1.10 --dst 10.2.2.30 --proto tcp --dport 22)
case "$out" in *'"dropped_at":"acl-02a1b2c3d4e5f0002"'*'"rule":{"table":"acl-02a1b2c3d4e5f0002","direction":"ingress","rule_number":32767,"action":"deny"'*) r=0 ;; *) r=1 ;; esac
check "explain --json names the NACL rule that dropped" 0 $r "$out"
case "$out" in *'"query":{"src":"192.168.1.10","dst":"10.2.2.30","proto":6,"sport":49152,"dport":22,"reply":false,"entry":"'*'"entry_by":"source_address"}}') r=0 ;; *) r=1 ;; esac
check "explain --json echoes the query" 0 $r "$out"
out=$("$bin" explain --json --src 10.1.1.10 --dst 10.2.1.20 --proto tcp --dport 443)
case "$out" in *'"route":{"prefix":"0.0.0.0/0","target":"tgw-0a1b2c3d4e5f60001","origin":"CreateRoute"}'*) r=0 ;; *) r=1 ;; esac
check "explain --json: the route that won" 0 $r "$out"
out=$("$bin" explain --json --from subnet-01a1b2c3d4e5f0101 --src 10.1.1.10 --dst 192.168.1.10 --dport 443)
case "$out" in *'"entry":"subnet-01a1b2c3d4e5f0101","entry_by":"from"'*) r=0 ;; *) r=1 ;; esac
check "explain --from subnet-" 0 $r "$out"
# explain --round-trip: the reply from where the request was delivered; asymmetry flagged
out=$("$bin" explain --round-trip --json --from vpn-0a1b2c3d4e5f60001 --src 192.168.1.10 --dst 10.2.1.20 --dport 443)
case "$out" in *'"symmetric":false,"asymmetry":[{"kind":"crossing","request":"vpn-0a1b2c3d4e5f60001","reply":"dxvif-ffabc123","request_tunnel":1,"reply_tunnel":null,"detail":"the request crosses by vpn-0a1b2c3d4e5f60001 tunnel 1, the reply by dxvif-ffabc123"}]}') r=0 ;; *) r=1 ;; esac
check "explain --round-trip flags VPN in, DX out" 0 $r "$out"
if command -v python3 >/dev/null 2>&1; then
	printf '%s\n' "$out" | python3 -c 'import json, sys; d = json.load(sys.stdin); assert d["reply"]["verdict"] == "delivered" and d["request"]["query"]["entry_by"] == "from"'
	check "explain --round-trip --json is JSON" 0 $?
	# issue 16: a script reads a GWLB bypass from the JSON, and its symmetric twin has none
	for q in "203.0.113.80 gwlb_bypass" "203.0.113.81 -"; do
		set -- $q
		"$bin" explain -t tests/fixtures/gwlb-bypass --round-trip --json --from igw-0b7a0000000000001 \
			--src 198.51.100.7 --dst "$1" --dport 443 | python3 -c '
import json, sys
d = json.load(sys.stdin)
kinds = [a["kind"] for a in d["asymmetry"]]
if sys.argv[1] == "-":
    assert d["symmetric"] is True and kinds == [], d
else:
    assert d["symmetric"] is False and kinds == [sys.argv[1]], d
    a = d["asymmetry"][0]
    assert a["request"] == "vpce-0b7a0000000000e01" and a["reply"] is None, a
' "$2"
		check "explain --round-trip --json, gwlb-bypass fixture, $1: $2" 0 $?
	done
fi
"$bin" explain --round-trip --src 192.168.1.10 --dst 10.1.1.10 --dport 443 | tail -1 | grep -q "^round trip: symmetric$"
check "explain --round-trip symmetric through DX and the GWLB appliance" 0 $?
# explain --color=always: the drop in red; never into a pipe by default
"$bin" explain --color=always --src 192.168.1.10 --dst 10.2.2.30 --proto tcp --dport 22 | tail -1 | grep -q "$(printf '\033\\[31m')dropped at acl-02a1b2c3d4e5f0002"
check "explain --color=always: the drop in red" 0 $?
"$bin" explain --color=always --src 172.31.9.9 --dst 10.1.1.10 --dport 443 | tail -1 | grep -q "^$(printf '\033\\[31m')dropped before any component: unknown_source"
check "explain --color=always: a drop before any component in red" 0 $?
"$bin" explain --src 192.168.1.10 --dst 10.2.2.30 --proto tcp --dport 22 | grep -q "$(printf '\033')"
check "explain: no colour into a pipe" 1 $?
# analyze --html / topology show --html (issue 15): usage, a file, an unwritable file
"$bin" analyze --html "$tmp/a.html" --json - samples/captures/incident-notify.pcap >/dev/null 2>&1
check "analyze --html with --json" 2 $?
"$bin" analyze --html "$tmp/a.html" samples/captures/incident-notify.pcap >"$tmp/out" 2>&1
check "analyze --html FILE" 0 $?
grep -q "^analysis written to $tmp/a.html" "$tmp/out" && head -c 15 "$tmp/a.html" | grep -q '<!DOCTYPE html>'
check "analyze --html FILE is a page and says where" 0 $?
"$bin" analyze --html "$tmp/no/such/dir.html" samples/captures/incident-notify.pcap >/dev/null 2>&1
check "analyze --html unwritable" 1 $?
"$bin" topology check --html "$tmp/t.html" >/dev/null 2>&1
check "topology check --html" 2 $?
"$bin" topology show --html "$tmp/t.html" >/dev/null 2>&1 && grep -q '<svg id="topology"' "$tmp/t.html"
check "topology show --html FILE" 0 $?
"$bin" topology show --html "$tmp/no/such/dir.html" >/dev/null 2>&1
check "topology show --html unwritable" 1 $?
echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]
