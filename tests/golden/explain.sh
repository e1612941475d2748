#!/bin/sh
# explain.sh AWSTRACE - golden queries of `awstrace explain --json` over the built-in sample
# topology: each row of tests/golden/explain.tsv names a packet (src, dst, proto, dport,
# --from, extra options) and the verdict, end point (delivered_to / dropped_at) and reason
# it must give ("null": dropped before any component; an address there always fails). Run
# from the repository root (`make explain-golden`, part of `make test`).
set -u
bin=$1
tab=$(printf '\t')
pass=0
fail=0
while IFS="$tab" read -r name src dst proto dport from opts verdict end reason; do
	case $name in '' | '#'*) continue ;; esac
	set -- explain --json --src "$src" --dst "$dst"
	[ "$proto" != - ] && set -- "$@" --proto "$proto"
	[ "$dport" != - ] && set -- "$@" --dport "$dport"
	[ "$from" != - ] && set -- "$@" --from "$from"
	[ "$opts" != - ] && set -- "$@" $opts
	out=$("$bin" "$@" 2>&1)
	rc=$?
	got_v=$(printf '%s\n' "$out" | sed -n 's/^{"verdict":"\([a-z]*\)".*/\1/p')
	got_e=$(printf '%s\n' "$out" | sed -n 's/^{"verdict":"[a-z]*","[a-z_]*":"\([^"]*\)".*/\1/p')
	# dropped_at null: no component holds the source (issue 16)
	[ -n "$got_e" ] || got_e=$(printf '%s\n' "$out" | sed -n 's/^{"verdict":"[a-z]*","[a-z_]*":\(null\),.*/\1/p')
	# the end is a component id, never an address (issue 16)
	case $got_e in
	*[!0-9a-f:.]* | '' | null) ;;
	*[.:]*) got_e="address $got_e" ;;
	esac
	got_r=$(printf '%s\n' "$out" | sed -n 's/^{[^[]*"reason":"\([a-z_]*\)".*/\1/p')
	[ -n "$got_r" ] || got_r=-
	if [ $rc = 0 ] && [ "$got_v" = "$verdict" ] && [ "$got_e" = "$end" ] &&
		[ "$got_r" = "$reason" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "explain-golden: FAIL $name: want $verdict $end $reason," \
			"got $got_v $got_e $got_r (exit $rc)"
		printf '%s\n' "$out" | head -c 2000
		echo
	fi
done <tests/golden/explain.tsv
echo "explain-golden: $pass passed, $fail failed"
[ $fail = 0 ]
