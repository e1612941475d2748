#!/bin/sh
# run.sh BINARY [--update [NAME]] - golden tests: each line of tests/golden/LIST is
#   NAME <tab> INPUT <tab> ARGS
# and `BINARY ARGS INPUT` must print exactly tests/golden/NAME.out: standard output, then
# a line "--- stderr" and standard error when there was any, then "--- exit N".
# An INPUT written <FILE is given on standard input (the command reads "-").
# Run from the repository root. --update rewrites the .out files (all, or NAME only):
# review the diff before committing it.
set -u
bin=$1
shift
update=0
only=
if [ "${1:-}" = "--update" ]; then
	update=1
	only=${2:-}
fi
dir=tests/golden
tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
tab=$(printf '\t')
while IFS="$tab" read -r name input args; do
	case $name in '' | '#'*) continue ;; esac
	[ -n "$only" ] && [ "$only" != "$name" ] && continue
	# ARGS is a word list on purpose; single quotes group words (a -Y expression)
	case $args in
	*"'"*) eval "set -- $args" ;;
	*) set -- $args ;; # shellcheck disable=SC2086
	esac
	case $input in
	'<'*) "$bin" "$@" - <"${input#<}" >"$tmp/out" 2>"$tmp/err" ;;
	*) "$bin" "$@" "$input" >"$tmp/out" 2>"$tmp/err" ;;
	esac
	rc=$?
	{
		cat "$tmp/out"
		if [ -s "$tmp/err" ]; then
			echo "--- stderr"
			sed "s#^$bin:#awstrace:#" "$tmp/err"
		fi
		echo "--- exit $rc"
	} >"$tmp/got"
	if [ $update = 1 ]; then
		cp "$tmp/got" "$dir/$name.out"
		echo "golden: updated $name"
		continue
	fi
	if cmp -s "$tmp/got" "$dir/$name.out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "golden: FAIL $name ($bin $args $input)"
		diff -u "$dir/$name.out" "$tmp/got" | head -20
	fi
done <"$dir/LIST"
[ $update = 1 ] && exit 0
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
