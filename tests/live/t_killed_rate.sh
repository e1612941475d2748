#!/bin/sh
# t_killed_rate.sh - issue 17 item 4: a capture at a high packet rate, killed with SIGKILL
# while packets still pour in, leaves a file tshark reads to its last record without
# "cut short" (each record - header and data - is written as one unit, the buffer written
# only at record boundaries); and SIGHUP ends a capture as cleanly as SIGTERM (exit 0,
# the written count printed, the file whole).
. "$(dirname "$0")/lib.sh"
port=47230
# datagrams of varying size as fast as Python sends them, for up to 20 s (killed earlier)
blast() {
	"$PY" - "$port" <<'PYEOF' &
import socket, sys, time
port = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end = time.time() + 20
i = 0
while time.time() < end:
    for _ in range(1000):
        i += 1
        s.sendto(b"k" * (1 + i * 7919 % 1400), ("127.0.0.1", port))
    time.sleep(0.02)
PYEOF
	blast_pid=$!
}
check_whole() { # FILE WHAT
	tshark -r "$1" -T fields -e frame.number >"$tmp/tshark.out" 2>"$tmp/tshark.err"
	trc=$?
	cat "$tmp/tshark.err"
	grep -qi "cut short" "$tmp/tshark.err" && fail "$2: tshark says the file is cut short"
	expect_eq "$2: tshark exit code" "$trc" 0
	n=$(wc -l <"$tmp/tshark.out" | tr -d ' ')
	[ "$n" -gt 1000 ] || fail "$2: only $n frames: the rate was not high"
	echo "ok: $2: tshark reads $n frames"
	"$bin" decode "$1" >/dev/null 2>"$tmp/dec.err"
	drc=$?
	cat "$tmp/dec.err"
	expect_eq "$2: awstrace decode exit code" "$drc" 0
}
f="udp port $port"
# three SIGKILLs at different moments of the buffer's fill
for wait in 1.3 2.6; do
	blast
	start_capture "$tmp/k.err" -i lo -w "$tmp/k.pcap" -f "$f" -B 64
	sleep "$wait"
	pkill -KILL -P "$cap_pid" || fail "no capture under $cap_pid"
	wait "$cap_pid"
	kill "$blast_pid" 2>/dev/null
	wait "$blast_pid" 2>/dev/null
	check_whole "$tmp/k.pcap" "SIGKILL after $wait s"
done
# SIGHUP: a clean end, like SIGTERM
blast
start_capture "$tmp/h.err" -i lo -w "$tmp/h.pcap" -f "$f" -B 64
sleep 1.5
child=$(pgrep -P "$cap_pid") || fail "no capture under $cap_pid"
kill -HUP "$child"
wait "$cap_pid"
hrc=$?
kill "$blast_pid" 2>/dev/null
wait "$blast_pid" 2>/dev/null
cat "$tmp/h.err"
expect_eq "capture exit code after SIGHUP" "$hrc" 0
grep -q "packets written to 1 file" "$tmp/h.err" || fail "no written count after SIGHUP"
check_whole "$tmp/h.pcap" "SIGHUP"
echo "t_killed_rate: passed"
