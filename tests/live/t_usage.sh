#!/bin/sh
# t_usage.sh - the live options (--stats, -Z, --immediate, -B, -s/--snaplen, -p, --nano)
# mean nothing without -i: decode and flows on a file refuse each with exit 2 and a
# message naming it; a bad value is refused while parsing, by capture too. No packet is
# captured: these exits come before any device is opened.
. "$(dirname "$0")/lib.sh"
f=$(cd "$(dirname "$0")/../.." && pwd)/samples/captures/core.pcap
[ -f "$f" ] || skip "no $f (make samples)"
# usage CMD WANT-IN-MESSAGE ARGS...: exit 2, the message on stderr, nothing on stdout
usage() {
	c=$1
	want=$2
	shift 2
	"$bin" "$c" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	expect_eq "$c $* exit code" "$rc" 2
	grep -qF -- "$want" "$tmp/err" || fail "$c $*: no '$want' in: $(cat "$tmp/err")"
	expect_eq "$c $* stdout bytes" "$(wc -c <"$tmp/out" | tr -d ' ')" 0
}
for c in decode flows; do
	for o in "--stats 1" "-Z nobody" "--relinquish-privileges nobody" --immediate "-B 8" \
		"--buffer-size 8" "--snaplen 96" -p --nano; do
		name=${o%% *}
		# shellcheck disable=SC2086 # an option and its value
		usage "$c" "awstrace $c: $name is a live capture option: it needs -i IFACE" $o "$f"
	done
done
# -s is the snapshot length in every command (issue 16: one meaning per letter); the sort
# key is flows --sort only
usage decode "awstrace decode: -s is a live capture option: it needs -i IFACE" -s 96 "$f"
usage flows "awstrace flows: -s is a live capture option: it needs -i IFACE" -s 96 "$f"
"$bin" flows --sort packets "$f" >/dev/null 2>"$tmp/err"
expect_eq "flows --sort packets on a file" "$?" 0
usage decode '--stats takes a number of seconds, 0 to 2147483647, not "x"' -i lo --stats x
usage flows '-B takes a number of MiB, 0 to 2047, not "4096"' -i lo -B 4096
usage capture '-s takes a number of bytes, 0 to 262144, not "-1"' -i lo -w "$tmp/x.pcap" -s -1
usage decode '-Z needs a user name' -i lo -Z ''
echo "t_usage: passed"
