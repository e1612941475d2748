#!/bin/sh
# bench_frag.sh AWSTRACE PCAP - `make bench-frag`: decode -q and flows on the fragment-heavy
# capture (`samples/gen bench-frag`: UDP datagrams of 2,000-9,000 bytes in 1480-byte IPv4
# fragments, a tenth of them with the last two swapped), best wall time of BENCH_RUNS
# (default 3), in frames/s. Information only: the exit status is 0 unless a run fails.
set -eu
awstrace=$1
pcap=$2
runs=${BENCH_RUNS:-3}
frames=$("$awstrace" decode -q "$pcap" 2>/dev/null | sed -n 's/^frames:\([0-9]*\) .*/\1/p')
for cmd in "decode -q" "flows"; do
	best=
	i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(date +%s.%N)
		# shellcheck disable=SC2086 # cmd is two words on purpose
		"$awstrace" $cmd "$pcap" >/dev/null 2>&1
		t1=$(date +%s.%N)
		best=$(awk -v a="$t0" -v b="$t1" -v m="$best" 'BEGIN { d = b - a; print (m == "" || d < m) ? d : m }')
		i=$((i + 1))
	done
	awk -v c="awstrace $cmd" -v n="$frames" -v s="$best" \
		'BEGIN { printf "%-22s %9d frames %8.3f s %8.3f M frames/s\n", c, n, s, n / s / 1e6 }'
done
