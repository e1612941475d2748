#!/bin/sh
# t_netns.sh - two network namespaces joined by a veth pair (10.99.0.1 and 10.99.0.2, made
# and removed here): `awstrace capture` in one while the other sends 10 UDP datagrams and
# 10 frames tagged VLAN 100 (written whole on a packet socket: no 8021q module needed);
# both kinds are in the file, awstrace and tshark read the same, and `awstrace flows -i`
# on the same interface sees the UDP flow.
. "$(dirname "$0")/lib.sh"
na=awsc$$a
nb=awsc$$b
cleanup() {
	ip netns del "$na" 2>/dev/null
	ip netns del "$nb" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM
if ! ip netns add "$na" 2>"$tmp/ns.err" || ! ip netns add "$nb" 2>>"$tmp/ns.err"; then
	cat "$tmp/ns.err"
	echo "cannot create network namespaces here"
	exit 77
fi
if ! ip link add va netns "$na" type veth peer name vb netns "$nb" 2>"$tmp/ns.err"; then
	cat "$tmp/ns.err"
	echo "cannot create a veth pair here"
	exit 77
fi
ip -n "$na" addr add 10.99.0.1/24 dev va || fail "address"
ip -n "$nb" addr add 10.99.0.2/24 dev vb || fail "address"
for ns in "$na" "$nb"; do ip -n "$ns" link set lo up; done
ip -n "$na" link set va up || fail "link up"
ip -n "$nb" link set vb up || fail "link up"
mac_a=$(ip netns exec "$na" cat /sys/class/net/va/address)

ip netns exec "$na" timeout -s INT 30 "$bin" flows -i va -f 'udp port 47010' \
	>"$tmp/flows.out" 2>"$tmp/flows.err" &
flows_pid=$!
out=$tmp/veth.pcap.gz
ip netns exec "$na" timeout -s INT 30 "$bin" capture -i va -w "$out" \
	-f 'udp port 47010 or (vlan and udp port 47011)' 2>"$tmp/cap.err" &
cap_pid=$!
wait_for "$tmp/cap.err" "listening on"
sleep 0.5

ip netns exec "$nb" "$PY" - "$mac_a" <<'PYEOF' || fail "sender"
import socket, struct, sys, time
dst = bytes.fromhex(sys.argv[1].replace(":", ""))
src = bytes.fromhex(open("/sys/class/net/vb/address").read().strip().replace(":", ""))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(10):
    u.sendto(b"plain" * (i + 1), ("10.99.0.1", 47010))
    time.sleep(0.002)
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s & 0xffff) + (s >> 16)
    s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
r = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
r.bind(("vb", 0))
for i in range(10):
    payload = b"tagged" * (i + 1)
    udp = struct.pack("!HHHH", 40000 + i, 47011, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i, 0, 64, 17, 0,
                     socket.inet_aton("10.99.100.2"), socket.inet_aton("10.99.100.1"))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    frame = dst + src + struct.pack("!HHH", 0x8100, 100, 0x0800) + ip + udp
    r.send(frame + b"\0" * max(0, 60 - len(frame)))
    time.sleep(0.002)
PYEOF
sleep 0.5
stop "$cap_pid"
cat "$tmp/cap.err"
expect_eq "capture exit code" "$stop_rc" 0
stop "$flows_pid"
cat "$tmp/flows.err"
expect_eq "flows -i exit code" "$stop_rc" 0

plain=$(tshark -r "$out" -Y 'udp.dstport == 47010' -T fields -e frame.number 2>/dev/null | wc -l)
expect_eq "plain UDP datagrams" "$plain" 10
tagged=$(tshark -r "$out" -Y 'vlan.id == 100 && udp.dstport == 47011' -T fields \
	-e frame.number 2>/dev/null | wc -l)
expect_eq "VLAN 100 frames" "$tagged" 10
expect_eq "frames awstrace and tshark agree on" "$(compare_tshark "$out")" 20
vids=$(grep -c ' 100$' "$tmp/awstrace.fields")
expect_eq "frames awstrace decodes as VLAN 100" "$vids" 10
grep -q "47010" "$tmp/flows.out" || fail "flows -i did not list the UDP flow: $(cat "$tmp/flows.out")"
grep -q "^awstrace: va: [0-9]* packets received, 0 dropped by kernel" "$tmp/flows.err" ||
	fail "flows -i printed no drop counts"
echo "t_netns: passed"
