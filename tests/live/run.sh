#!/bin/sh
# run.sh BINARY - live capture tests: tests/live/t_*.sh, each given BINARY and a fresh
# temporary directory, each bounded by a timeout. They need root (packet sockets, network
# namespaces) and iproute2's `ip netns`: without either, every test is skipped with a
# message and the run passes. Traffic goes only to 127.0.0.1 and to 10.99.x.x addresses
# inside namespaces the tests create and remove.
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
dir=$(dirname "$0")
if [ "$(id -u)" != 0 ]; then
	echo "live: SKIP all: not root (capture and network namespaces need root)"
	exit 0
fi
if ! ip netns list >/dev/null 2>&1; then
	echo "live: SKIP all: \`ip netns\` is not available (install iproute2)"
	exit 0
fi
for tool in /usr/bin/python3 tshark timeout; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "live: SKIP all: $tool is not installed (make deps)"
		exit 0
	fi
done
pass=0
fail=0
skip=0
for t in "$dir"/t_*.sh; do
	name=$(basename "$t" .sh)
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/live.XXXXXX") || exit 2
	# the capture drops root to nobody before creating its files
	chmod 777 "$tmp"
	timeout -k 5 60 sh "$t" "$bin" "$tmp" >"$tmp/log" 2>&1
	rc=$?
	case $rc in
	0) pass=$((pass + 1)) ;;
	77)
		skip=$((skip + 1))
		echo "live: SKIP $name: $(tail -1 "$tmp/log")"
		;;
	*)
		fail=$((fail + 1))
		echo "live: FAIL $name (exit $rc)"
		tail -30 "$tmp/log"
		;;
	esac
	rm -rf "$tmp"
done
echo "live: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
