#!/bin/sh
# t_rotate.sh - rotation by size on lo: 100 datagrams of 1000 bytes (1058-byte records)
# with --rotate-size 10k hold 9 per file after the 24-byte header: OUT, OUT.1 .. OUT.11,
# the last with one; a second capture of the same traffic with --ring 3 keeps only
# OUT.9 .. OUT.11.
. "$(dirname "$0")/lib.sh"
f='udp port 47020'
start_capture "$tmp/all.err" -i lo -w "$tmp/all.pcap" --rotate-size 10k -f "$f"
all_pid=$cap_pid
start_capture "$tmp/ring.err" -i lo -w "$tmp/ring.pcap" --rotate-size 10k --ring 3 -f "$f"
ring_pid=$cap_pid
send_udp 127.0.0.1 47020 100 1000 || fail "udp sender"
sleep 0.5
stop "$all_pid"
expect_eq "capture exit code" "$stop_rc" 0
stop "$ring_pid"
expect_eq "ring capture exit code" "$stop_rc" 0
cat "$tmp/all.err" "$tmp/ring.err"

# per file: frames, and the first datagram's fill byte (datagram i is filled with i)
summary() {
	"$PY" - "$@" <<'PYEOF'
import struct, sys
for name in sys.argv[1:]:
    b = open(name, "rb").read()
    off, n, first = 24, 0, ""
    while off + 16 <= len(b):
        caplen = struct.unpack("=I", b[off + 8:off + 12])[0]
        if n == 0:
            first = "%02x" % b[off + 16 + 42]
        n += 1
        off += 16 + caplen
    print(n, first, "trailing" if off != len(b) else "")
PYEOF
}
for i in 0 1 2 3 4 5 6 7 8 9 10 11; do
	name=$tmp/all.pcap
	[ $i -gt 0 ] && name=$name.$i
	[ -f "$name" ] || fail "$name missing"
	size=$(wc -c <"$name")
	[ "$size" -le 10240 ] || fail "$name is $size bytes, over 10k"
	want=9
	[ $i = 11 ] && want=1
	expect_eq "frames, first datagram in $(basename "$name")" "$(summary "$name")" \
		"$want $(printf %02x $((i * 9))) "
done
expect_eq "frames tshark reads in the last file" "$(tshark_frames "$tmp/all.pcap.11")" 1
[ -e "$tmp/all.pcap.12" ] && fail "a 13th file"
for i in 0 1 2 3 4 5 6 7 8; do
	name=$tmp/ring.pcap
	[ $i -gt 0 ] && name=$name.$i
	[ -e "$name" ] && fail "the ring kept $name"
done
for i in 9 10 11; do
	expect_eq "ring.pcap.$i like all.pcap.$i" "$(summary "$tmp/ring.pcap.$i")" \
		"$(summary "$tmp/all.pcap.$i")"
done
echo "t_rotate: passed"
