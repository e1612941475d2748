#!/bin/sh
# t_killed.sh - a capture killed with SIGKILL (no chance to close) leaves files that read:
# 20 datagrams sent, then well over the one-second flush interval, then kill -9; the plain
# and the gzip file both hold all 20, for `awstrace decode`, `tshark -r` and
# `zcat | tcpdump -r -` (gzip readers may then complain of the missing trailer).
. "$(dirname "$0")/lib.sh"
f='udp port 47030'
start_capture "$tmp/gz.err" -i lo -w "$tmp/k.pcap.gz" -f "$f"
gz_pid=$cap_pid
start_capture "$tmp/plain.err" -i lo -w "$tmp/k.pcap" -f "$f"
plain_pid=$cap_pid
send_udp 127.0.0.1 47030 20 300 || fail "udp sender"
sleep 2.5
# the pids are timeout(1)'s: kill the captures themselves
for p in $gz_pid $plain_pid; do
	pkill -KILL -P "$p" || fail "no capture under $p"
	wait "$p"
done
for out in "$tmp/k.pcap.gz" "$tmp/k.pcap"; do
	n=$("$bin" decode --json "$out" 2>"$tmp/dec.err" | grep -c '"dport":47030')
	cat "$tmp/dec.err"
	expect_eq "datagrams awstrace decode reads in $(basename "$out")" "$n" 20
	n=$(tshark -r "$out" -Y 'udp.dstport == 47030' -T fields -e frame.number 2>/dev/null | wc -l)
	expect_eq "datagrams tshark -r reads in $(basename "$out")" "$n" 20
done
n=$(zcat "$tmp/k.pcap.gz" 2>/dev/null | tcpdump -n -r - 'udp port 47030' 2>/dev/null | wc -l)
expect_eq "datagrams zcat | tcpdump -r - reads" "$n" 20
echo "t_killed: passed"
