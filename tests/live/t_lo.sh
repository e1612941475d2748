#!/bin/sh
# t_lo.sh - `awstrace capture -i lo` while we send 25 UDP datagrams and a TCP connection
# carrying 12 messages to 127.0.0.1: every datagram and every payload byte is in the file,
# decodes right and matches tshark; the capture dropped root to nobody; the drop counts
# are printed. Then `awstrace decode -i lo` on live packets, stopped by SIGINT.
. "$(dirname "$0")/lib.sh"
out=$tmp/lo.pcap
start_capture "$tmp/cap.err" -i lo -w "$out" -f 'host 127.0.0.1 and (udp port 47001 or tcp port 47002)'
send_udp 127.0.0.1 47001 25 100 || fail "udp sender"
send_tcp 127.0.0.1 47002 12 500 || fail "tcp sender"
sleep 0.5
stop "$cap_pid"
cat "$tmp/cap.err"
expect_eq "capture exit code" "$stop_rc" 0
grep -q "^awstrace: lo: [0-9]* packets received, 0 dropped by kernel, 0 dropped by interface$" \
	"$tmp/cap.err" || fail "no drop counts on stderr"
if getent passwd nobody >/dev/null; then
	expect_eq "owner of the file (root dropped)" "$(stat -c %U "$out")" nobody
fi

udp=$(tshark -r "$out" -Y 'udp.dstport == 47001' -T fields -e frame.number 2>/dev/null | wc -l)
expect_eq "UDP datagrams in the file" "$udp" 25
payload=$(tshark -r "$out" -Y 'tcp.dstport == 47002' -T fields -e tcp.len 2>/dev/null |
	awk '{ s += $1 } END { print s + 0 }')
expect_eq "TCP payload bytes in the file" "$payload" 6000
syn=$(tshark -r "$out" -Y 'tcp.flags.syn == 1' -T fields -e frame.number 2>/dev/null | wc -l)
expect_eq "SYN and SYN-ACK" "$syn" 2
n=$(compare_tshark "$out")
written=$(sed -n 's/^awstrace: .*: \([0-9]*\) packets written to 1 file$/\1/p' "$tmp/cap.err")
expect_eq "frames decoded = frames written" "$n" "$written"
expect_eq "decode errors" "$(wc -c <"$tmp/decode.err" | tr -d ' ')" 0

# decode -i: the same pipeline on live packets, listening once its banner is out
start_live "$tmp/live.json" "$tmp/live.err" decode --json -i lo -f 'udp port 47003'
send_udp 127.0.0.1 47003 7 64 || fail "udp sender"
wait_count "$tmp/live.json" '"dport":47003' 7
stop "$live_pid"
cat "$tmp/live.err"
expect_eq "decode -i exit code" "$stop_rc" 0
got=$("$PY" -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    p = json.loads(line)
    u = [l for l in p["layers"] if l["p"] == "udp"]
    if u and u[0]["dport"] == 47003 and u[0]["len"] == 72 and p["len"] == 106:
        n += 1
print(n)' "$tmp/live.json")
expect_eq "datagrams decode -i printed" "$got" 7
grep -q "^awstrace: lo: [0-9]* packets received, 0 dropped by kernel" "$tmp/live.err" ||
	fail "decode -i printed no drop counts"
echo "t_lo: passed"
