#!/bin/sh
# t_any.sh - `awstrace capture -i any -c 15` (the cooked "any" device) ends by itself
# after 15 packets, and the file holds each of the 15 datagrams sent to 127.0.0.1 once
# (libpcap hides the outgoing copy of a loopback packet on "any"), decoded as tshark
# decodes them.
. "$(dirname "$0")/lib.sh"
out=$tmp/any.pcap
start_capture "$tmp/cap.err" -i any -w "$out" -c 15 -f 'udp port 47130'
send_udp 127.0.0.1 47130 15 200 || fail "udp sender"
# no SIGINT: -c ends it (timeout(1) would end it with 124 after 30 s)
wait "$cap_pid"
rc=$?
cat "$tmp/cap.err"
expect_eq "capture -c exit code" "$rc" 0
grep -q "^awstrace: listening on any, link-type \(113\|276\)," "$tmp/cap.err" ||
	fail "not the cooked link type of \"any\""
grep -q "^awstrace: $out: 15 packets written to 1 file$" "$tmp/cap.err" ||
	fail "capture did not say 15 packets written"
expect_eq "frames tshark reads" "$(tshark_frames "$out")" 15
# datagram i is filled with byte i: every one of 0..14 once
fills=$(tshark -r "$out" -Y 'udp.dstport == 47130' -T fields -e data.data 2>/dev/null |
	cut -c1-2 | sort -u | tr '\n' ' ')
expect_eq "datagrams in the file, by fill byte" "$fills" \
	"00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e "
expect_eq "frames decode reads as tshark does" "$(compare_tshark "$out")" 15
expect_eq "decode errors" "$(wc -c <"$tmp/decode.err" | tr -d ' ')" 0
echo "t_any: passed"
