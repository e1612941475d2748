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
echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]
