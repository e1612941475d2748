#!/bin/sh
# t_drain.sh - Ctrl-C right after a burst: the packets the kernel already received are
# still read and decoded, not thrown away (they are counted as received, so losing them
# would be silent). Without --immediate, TPACKET_V3 holds them in a block until its
# timeout: the reader waits for it once more before it stops.
. "$(dirname "$0")/lib.sh"
n=2000
start_live "$tmp/out" "$tmp/err" decode -i lo -f 'udp port 47130'
"$PY" - "$n" <<'PYEOF' || fail "udp burst"
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(int(sys.argv[1])):
    s.sendto(b"d" * 32, ("127.0.0.1", 47130))
PYEOF
stop "$live_pid"
tail -1 "$tmp/err"
expect_eq "decode -i exit code" "$stop_rc" 0
expect_eq "datagrams decoded after SIGINT" "$(grep -c ' > 47130 len=32$' "$tmp/out")" "$n"
echo "t_drain: passed"
