#!/bin/sh
# t_devfull.sh - issue 17 item 3: `capture -w -` on a full device says why and exits 1
# (its file header is written at once, so no packet is needed); decode -i likewise once
# a packet is written.
. "$(dirname "$0")/lib.sh"
[ -w /dev/full ] || skip "no writable /dev/full"
timeout -s INT 20 "$bin" capture -i lo -w - -f 'udp port 47330' >/dev/full 2>"$tmp/err"
rc=$?
cat "$tmp/err"
expect_eq "capture -w - >/dev/full exit code" "$rc" 1
grep -q "No space left on device" "$tmp/err" || fail "capture: no reason in: $(cat "$tmp/err")"
timeout -s INT 20 "$bin" decode -i lo -c 3 -f 'udp port 47330' >/dev/full 2>"$tmp/err2" &
dpid=$!
wait_for "$tmp/err2" "listening on"
send_udp 127.0.0.1 47330 3 20 || fail "udp sender"
wait "$dpid"
rc=$?
cat "$tmp/err2"
expect_eq "decode -i >/dev/full exit code" "$rc" 1
grep -q "writing output failed: No space left on device" "$tmp/err2" ||
	fail "decode -i: no reason in: $(cat "$tmp/err2")"
echo "t_devfull: passed"
