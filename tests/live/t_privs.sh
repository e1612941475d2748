#!/bin/sh
# t_privs.sh - the privilege drop, for every command that captures: `flows -i lo -Z nobody`
# runs as nobody (real, effective, saved and file-system uid and gid, no root group) once
# it listens and still ends cleanly with its report; `decode -i` drops to nobody by
# default and keeps root with -Z root; `capture` into a directory only root can write
# fails saying that privileges were dropped and how to keep them, and -Z root writes there.
. "$(dirname "$0")/lib.sh"
getent passwd nobody >/dev/null || skip "no user nobody to drop to"
uid=$(id -u nobody)
gid=$(id -g nobody)

# ids FIELD PID: the four ids of /proc/PID/status's Uid: or Gid: line
ids() {
	awk -v f="$1:" '$1 == f { print $2, $3, $4, $5 }' "/proc/$2/status"
}

start_live "$tmp/flows.out" "$tmp/flows.err" flows -i lo -Z nobody -f 'udp port 47120'
expect_eq "flows -i -Z nobody: uids" "$(ids Uid "$live_child")" "$uid $uid $uid $uid"
expect_eq "flows -i -Z nobody: gids" "$(ids Gid "$live_child")" "$gid $gid $gid $gid"
if awk '$1 == "Groups:"' "/proc/$live_child/status" | grep -qw 0; then
	fail "flows -i -Z nobody kept group 0: $(grep Groups: "/proc/$live_child/status")"
fi
send_udp 127.0.0.1 47120 9 80 || fail "udp sender"
stop "$live_pid"
cat "$tmp/flows.err"
expect_eq "flows -i -Z nobody exit code" "$stop_rc" 0
grep -q "^[0-9]* flows; [0-9]* frames" "$tmp/flows.out" || fail "flows printed no summary"
grep -q "^awstrace: lo: [0-9]* packets received, 0 dropped by kernel" "$tmp/flows.err" ||
	fail "flows -i printed no drop counts"

start_live "$tmp/dec.out" "$tmp/dec.err" decode -i lo -f 'udp port 47121'
expect_eq "decode -i without -Z: uids" "$(ids Uid "$live_child")" "$uid $uid $uid $uid"
stop "$live_pid"
expect_eq "decode -i exit code" "$stop_rc" 0
start_live "$tmp/dec.out" "$tmp/dec.err" decode -i lo -Z root -f 'udp port 47121'
expect_eq "decode -i -Z root: uids" "$(ids Uid "$live_child")" "0 0 0 0"
stop "$live_pid"
expect_eq "decode -i -Z root exit code" "$stop_rc" 0

mkdir "$tmp/private"
chmod 700 "$tmp/private"
timeout -s INT 30 "$bin" capture -i lo -w "$tmp/private/x.pcap" 2>"$tmp/cap.err"
rc=$?
cat "$tmp/cap.err"
expect_eq "capture into a directory nobody cannot write: exit code" "$rc" 1
grep -q "x.pcap: cannot create: Permission denied (privileges were dropped to nobody after opening lo: -Z root keeps root, or write to a directory nobody can write to)$" \
	"$tmp/cap.err" || fail "capture did not explain the refusal"
start_capture "$tmp/root.err" -i lo -Z root -w "$tmp/private/x.pcap" -f 'udp port 47122'
stop "$cap_pid"
expect_eq "capture -Z root exit code" "$stop_rc" 0
expect_eq "owner of the file with -Z root" "$(stat -c %U "$tmp/private/x.pcap")" root
echo "t_privs: passed"
