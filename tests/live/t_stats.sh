#!/bin/sh
# t_stats.sh - `awstrace decode -i lo --stats 1` prints the pcap_stats line on stderr while
# it runs, not only at the end (issue 7: loss is never silent), and decodes as it goes:
# two lines are awaited before the SIGINT, which adds the final one. Nothing here
# depends on how fast a loaded machine is: every wait is for output, bounded.
. "$(dirname "$0")/lib.sh"
line='^awstrace: lo: [0-9]* packets received, [0-9]* dropped by kernel, [0-9]* dropped by interface$'
start_live "$tmp/out" "$tmp/err" decode -i lo --stats 1 -f 'udp port 47110'
send_udp 127.0.0.1 47110 5 64 || fail "udp sender"
wait_count "$tmp/out" "UDP [0-9]* > 47110 len=64$" 5
wait_count "$tmp/err" "$line" 2
stop "$live_pid"
cat "$tmp/err"
expect_eq "decode -i --stats exit code" "$stop_rc" 0
n=$(grep -c "$line" "$tmp/err")
[ "$n" -ge 3 ] || fail "$n statistics lines, want at least 2 while running and 1 at the end"
echo "ok: $n statistics lines"
expect_eq "statistics lines on stdout" "$(grep -c 'packets received' "$tmp/out")" 0
expect_eq "datagrams decoded" "$(grep -c ' > 47110 len=64$' "$tmp/out")" 5
# the kernel counted what the filter passed: the 5 datagrams at least
last=$(grep "$line" "$tmp/err" | tail -1 | sed 's/^awstrace: lo: \([0-9]*\) .*/\1/')
[ "$last" -ge 5 ] || fail "last statistics line: $last packets received, want at least 5"
echo "t_stats: passed"
