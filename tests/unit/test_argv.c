/* test_argv.c - getopt's habits rewritten for GOption (reports/argv.c): attached values,
 * grouped letters, tcpdump's -r, and what must be left alone (long options, "-", values,
 * everything after "--"). Each case compares the whole rewritten vector. */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <glib.h>

#include "reports/argv.h"

/* in and want are space-separated words ("|" stands for a space inside one word) */
static void
check(const char *in, const char *want)
{
	g_auto(GStrv) iv = g_strsplit(in, " ", -1);
	for (char **p = iv; *p; p++)
		g_strdelimit(*p, "|", ' ');
	int n = 0;
	g_auto(GStrv) out = cmd_argv_normalise((int)g_strv_length(iv), iv, CMD_VALUE_LETTERS, &n);
	g_autofree char *got = g_strjoinv(" ", out);
	assert_int_equal(n, (int)g_strv_length(out));
	assert_string_equal(got, want);
}

static void
test_argv_attached_value_is_split(void **state)
{
	(void)state;
	check("decode -c2 f.pcap", "decode -c 2 f.pcap");
	check("decode -c 2 f.pcap", "decode -c 2 f.pcap");
	check("decode --count=2 f.pcap", "decode --count=2 f.pcap");
	check("capture -iany -wout.pcap", "capture -i any -w out.pcap");
	/* replay's -j (threads) takes a value too; -n is the ignored -n there as everywhere */
	check("replay -j2 -n f.pcap", "replay -j 2 -n f.pcap");
	check("replay -nj4 f.pcap", "replay -n -j 4 f.pcap");
}

static void
test_argv_grouped_letters_are_split(void **state)
{
	(void)state;
	check("decode -nq f.pcap", "decode -n -q f.pcap");
	/* a letter with a value takes the rest of the group... */
	check("decode -nc2 f.pcap", "decode -n -c 2 f.pcap");
	/* ...or else the next word, whatever it looks like */
	check("decode -nc -5 f.pcap", "decode -n -c -5 f.pcap");
	check("decode -qf udp|port|500 f.pcap", "decode -q -f udp port 500 f.pcap");
}

static void
test_argv_read_option_becomes_the_operand(void **state)
{
	(void)state;
	check("decode -r f.pcap", "decode f.pcap");
	check("decode -nr f.pcap -c1", "decode -n f.pcap -c 1");
	check("decode -rf.pcap", "decode f.pcap");
	check("flows -r - --json", "flows - --json");
}

static void
test_argv_leaves_the_rest_alone(void **state)
{
	(void)state;
	check("decode - -q", "decode - -q");
	check("explain --src 10.0.0.1 --dst=10.0.0.2", "explain --src 10.0.0.1 --dst=10.0.0.2");
	check("decode -Y not|host|10.0.0.1 f", "decode -Y not host 10.0.0.1 f");
	/* after --, nothing is an option */
	check("decode -q -- -c2", "decode -q -- -c2");
	/* not a letter: left to GOption (a number, or an option GOption will reject) */
	check("decode -5 -?", "decode -5 -?");
	/* a letter wanting a value at the very end stays, so GOption says it is missing */
	check("decode f.pcap -c", "decode f.pcap -c");
	check("decode", "decode");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argv_attached_value_is_split),
		cmocka_unit_test(test_argv_grouped_letters_are_split),
		cmocka_unit_test(test_argv_read_option_becomes_the_operand),
		cmocka_unit_test(test_argv_leaves_the_rest_alone),
	};
	return cmocka_run_group_tests_name("argv", tests, NULL, NULL);
}
