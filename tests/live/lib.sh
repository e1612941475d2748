# lib.sh - shared by tests/live/t_*.sh (sourced). $bin is the awstrace binary, $tmp the
# test's directory. A test exits 0 (pass), 77 (skip: its last line says why) or else.
set -u
bin=$1
tmp=$2
PY=/usr/bin/python3

fail() {
	echo "FAIL: $*"
	exit 1
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
	echo "ok: $1 = $3"
}

# wait_for FILE TEXT: until FILE holds TEXT (up to 10 s)
wait_for() {
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && fail "waited 10 s for '$2' in $1: $(cat "$1" 2>/dev/null)"
		sleep 0.1
	done
}

# start_capture ERRFILE ARGS...: `awstrace capture ARGS` in the background (its pid in
# $cap_pid), returning once it listens
start_capture() {
	err=$1
	shift
	timeout -s INT 30 "$bin" capture "$@" 2>"$err" &
	cap_pid=$!
	wait_for "$err" "listening on"
}

# start_live OUTFILE ERRFILE ARGS...: `awstrace ARGS` (decode -i, flows -i) in the
# background, stdout to OUTFILE; returns once it listens (the banner comes after the
# filter is set and root dropped). $live_pid is timeout(1)'s pid, for stop; $live_child
# is awstrace's own.
start_live() {
	out=$1
	err=$2
	shift 2
	timeout -s INT 50 "$bin" "$@" >"$out" 2>"$err" &
	live_pid=$!
	wait_for "$err" "listening on"
	live_child=$(pgrep -P "$live_pid") || fail "no awstrace under timeout $live_pid"
}

# wait_count FILE REGEX N: until N lines of FILE match REGEX (up to 30 s: a loaded
# machine is slow, but a test that waits longer has failed)
wait_count() {
	i=0
	while [ "$(cat "$1" 2>/dev/null | grep -c "$2")" -lt "$3" ]; do
		i=$((i + 1))
		[ $i -gt 300 ] && fail "waited 30 s for $3 lines '$2' in $1: $(cat "$1" 2>/dev/null)"
		sleep 0.1
	done
}

# skip WHY: the test cannot run here (exit 77, the reason last)
skip() {
	echo "$*"
	exit 77
}

# stop PID: SIGINT, then wait for it (its exit code in $stop_rc)
stop() {
	kill -INT "$1" 2>/dev/null
	wait "$1"
	stop_rc=$?
}

# send_udp HOST PORT COUNT SIZE: COUNT datagrams of SIZE bytes
send_udp() {
	"$PY" - "$@" <<'PYEOF'
import socket, sys, time
host, port, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(count):
    s.sendto(bytes([i % 256]) * size, (host, port))
    time.sleep(0.001)
PYEOF
}

# send_tcp HOST PORT COUNT SIZE: a listener and a client on HOST; the client sends COUNT
# messages of SIZE bytes and closes; both sides finish the connection
send_tcp() {
	"$PY" - "$@" <<'PYEOF'
import socket, sys, threading, time
host, port, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind((host, port))
ls.listen(1)
got = []
def serve():
    c, _ = ls.accept()
    n = 0
    while True:
        b = c.recv(65536)
        if not b:
            break
        n += len(b)
    got.append(n)
    c.close()
t = threading.Thread(target=serve)
t.start()
s = socket.create_connection((host, port))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
for i in range(count):
    s.sendall(b"m" * size)
    time.sleep(0.002)
s.shutdown(socket.SHUT_WR)
s.close()
t.join(10)
ls.close()
if got != [count * size]:
    sys.exit("server received %r bytes, want %d" % (got, count * size))
PYEOF
}

# frames FILE: how many frames tshark reads
tshark_frames() {
	tshark -r "$1" -T fields -e frame.number 2>/dev/null | wc -l | tr -d ' '
}

# compare_tshark FILE: per frame, length, addresses, ports and VLAN id as tshark reads
# them must equal what `awstrace decode --json` reads; prints the frame count
compare_tshark() {
	tshark -r "$1" -T fields -E separator=' ' -e frame.len -e ip.src -e ip.dst \
		-e udp.srcport -e udp.dstport -e tcp.srcport -e tcp.dstport -e vlan.id \
		2>/dev/null | "$PY" -c '
import sys
for line in sys.stdin:
    f = line.rstrip("\n").split(" ")
    f += [""] * (8 - len(f))
    sp = f[3] or f[5]
    dp = f[4] or f[6]
    # tunnelled frames list more than one value: the outer one is first
    print(f[0], f[1].split(",")[0], f[2].split(",")[0], sp.split(",")[0], dp.split(",")[0],
          f[7].split(",")[0])
' >"$tmp/tshark.fields"
	"$bin" decode --json "$1" 2>"$tmp/decode.err" | "$PY" -c '
import json, sys
for line in sys.stdin:
    p = json.loads(line)
    ip = next((l for l in p["layers"] if l["p"] == "ipv4"), {})
    l4 = next((l for l in p["layers"] if l["p"] in ("udp", "tcp")), {})
    vl = next((l for l in p["layers"] if l["p"] == "vlan"), {})
    print(p["len"], ip.get("src", ""), ip.get("dst", ""), l4.get("sport", ""),
          l4.get("dport", ""), vl.get("vid", ""))
' >"$tmp/awstrace.fields"
	if ! cmp -s "$tmp/tshark.fields" "$tmp/awstrace.fields"; then
		diff "$tmp/tshark.fields" "$tmp/awstrace.fields" | head -20
		fail "$1: awstrace decode and tshark -r disagree"
	fi
	wc -l <"$tmp/tshark.fields" | tr -d ' '
}
