/* test_dfilter.c - the display filter (decode/dfilter.c): the grammar (precedence, not,
 * parentheses, every primitive, names for values), the inner/outer qualifiers on a
 * GENEVE-like view built by hand, and parse errors with their columns. */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <string.h>

#include <glib.h>

#include "decode/dfilter.h"
#include "decode/dns.h"

static struct dec_layer *
add(struct dec *d, enum dec_proto p, unsigned tunnel)
{
	struct dec_layer *l = &d->layers[d->nlayers++];
	memset(l, 0, sizeof(*l));
	l->proto = (uint16_t)p;
	l->tunnel = (uint8_t)tunnel;
	return l;
}

static void
ip4(struct dec *d, unsigned tunnel, const char *src, const char *dst)
{
	struct dec_layer *l = add(d, DEC_P_IPV4, tunnel);
	assert_int_equal(inet_pton(AF_INET, src, l->u.ipv4.src), 1);
	assert_int_equal(inet_pton(AF_INET, dst, l->u.ipv4.dst), 1);
	l->u.ipv4.ttl = 64;
}

/* eth / vlan 201 / 10.1.200.50 > 10.1.210.20 UDP 6081 / GENEVE vni 77 /
 * eth / 10.1.1.10 > 192.168.10.5 TCP 49812 > 80 [SA] */
static int
setup(void **state)
{
	struct dec *d = dec_new();
	add(d, DEC_P_ETH, 0);
	add(d, DEC_P_VLAN, 0)->u.vlan.vid = 201;
	ip4(d, 0, "10.1.200.50", "10.1.210.20");
	struct dec_layer *u = add(d, DEC_P_UDP, 0);
	u->u.udp.sport = 61234;
	u->u.udp.dport = 6081;
	add(d, DEC_P_GENEVE, 0)->u.geneve.vni = 77;
	add(d, DEC_P_ETH, 1);
	ip4(d, 1, "10.1.1.10", "192.168.10.5");
	struct dec_layer *t = add(d, DEC_P_TCP, 1);
	t->u.tcp.sport = 49812;
	t->u.tcp.dport = 80;
	t->u.tcp.flags = DEC_TCP_SYN | DEC_TCP_ACK;
	*state = d;
	return 0;
}

static int
teardown(void **state)
{
	dec_free(*state);
	return 0;
}

static bool
match(const struct dec *d, const char *expr)
{
	GError *err = NULL;
	unsigned col = 0;
	struct dec_dfilter *f = dec_dfilter_compile(expr, &col, &err);
	if (!f)
		fail_msg("\"%s\" did not compile: %s", expr, err->message);
	bool m = dec_dfilter_match(f, d);
	dec_dfilter_free(f);
	return m;
}

static void
test_dfilter_primitives_at_any_level(void **state)
{
	const struct dec *d = *state;
	assert_true(match(d, "host 10.1.1.10"));
	assert_true(match(d, "host 10.1.210.20"));
	assert_false(match(d, "host 10.1.1.11"));
	assert_true(match(d, "net 192.168.0.0/16"));
	assert_false(match(d, "net 192.169.0.0/16"));
	assert_true(match(d, "net 10.1.200.48/30"));
	assert_false(match(d, "net 10.1.200.52/30"));
	assert_true(match(d, "port 80") && match(d, "port 6081"));
	assert_false(match(d, "port 443"));
	assert_true(match(d, "proto geneve") && match(d, "geneve") && match(d, "tcp"));
	assert_false(match(d, "proto esp") || match(d, "vxlan"));
	assert_true(match(d, "vlan 201"));
	assert_false(match(d, "vlan 202"));
	assert_true(match(d, "vni 77") && match(d, "vni 0x4d"));
	assert_false(match(d, "vni 78"));
	assert_false(match(d, "spi 0x4d"));
	assert_false(match(d, "host 2001:db8::1"));
}

static void
test_dfilter_field_comparisons(void **state)
{
	const struct dec *d = *state;
	assert_true(match(d, "tcp.dport == 80"));
	assert_true(match(d, "tcp.dport != 81"));
	assert_true(match(d, "tcp.sport > 49811 and tcp.sport < 49813"));
	assert_true(match(d, "tcp.sport >= 49812 && tcp.sport <= 49812"));
	assert_true(match(d, "tcp.flags has S") && match(d, "tcp.flags has SA"));
	assert_false(match(d, "tcp.flags has R") || match(d, "tcp.flags has SF"));
	assert_true(match(d, "ipv4.dst == 192.168.10.5") && match(d, "ipv4.ttl == 64"));
	assert_true(match(d, "geneve.vni == 77") && match(d, "udp.dport == 6081"));
	/* a field of a layer the packet does not have: no layer matches, even with != */
	assert_false(match(d, "dns.rcode == 0") || match(d, "dns.rcode != 3"));
}

static void
test_dfilter_inner_and_outer(void **state)
{
	const struct dec *d = *state;
	assert_true(match(d, "inner host 10.1.1.10"));
	assert_false(match(d, "outer host 10.1.1.10"));
	assert_true(match(d, "outer host 10.1.200.50"));
	assert_false(match(d, "inner host 10.1.200.50"));
	assert_true(match(d, "inner (tcp and port 80) and outer vlan 201"));
	assert_false(match(d, "inner port 6081"));
	assert_true(match(d, "not inner port 6081"));
	/* a packet without a tunnel has no inner level */
	struct dec *flat = dec_new();
	ip4(flat, 0, "10.1.1.10", "192.168.10.5");
	assert_true(match(flat, "host 10.1.1.10") && match(flat, "outer host 10.1.1.10"));
	assert_false(match(flat, "inner host 10.1.1.10"));
	dec_free(flat);
}

static void
test_dfilter_precedence(void **state)
{
	const struct dec *d = *state;
	/* and binds tighter than or; not tighter than and */
	assert_true(match(d, "port 443 and port 444 or port 80"));
	assert_false(match(d, "port 443 and (port 444 or port 80)"));
	assert_true(match(d, "not port 443 and port 80"));
	assert_false(match(d, "not (port 443 or port 80)"));
	assert_true(match(d, "! port 443 && (port 1 || vlan 201)"));
	assert_true(match(d, "not not tcp"));
}

static void
test_dfilter_value_names(void **state)
{
	(void)state;
	struct dec *d = dec_new();
	struct dec_layer *l = add(d, DEC_P_DNS, 0);
	l->u.dns.flags = DEC_DNS_F_QR | 3; /* NXDOMAIN */
	assert_true(match(d, "dns.rcode == NXDOMAIN") && match(d, "dns.rcode == nxdomain"));
	assert_true(match(d, "dns.rcode == 3") && match(d, "dns.qr == true"));
	assert_false(match(d, "dns.rcode == SERVFAIL") || match(d, "dns.qr == false"));
	dec_free(d);
}

static void
check_error(const char *expr, unsigned want_col, const char *want_part)
{
	GError *err = NULL;
	unsigned col = 0;
	struct dec_dfilter *f = dec_dfilter_compile(expr, &col, &err);
	assert_null(f);
	assert_non_null(err);
	assert_int_equal(col, want_col);
	if (!strstr(err->message, want_part))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", expr, err->message, want_part);
	g_error_free(err);
}

static void
test_dfilter_errors_name_the_column(void **state)
{
	(void)state;
	check_error("", 1, "ends where a term");
	check_error("host", 5, "host needs an address");
	check_error("host 10.0.0.300", 6, "host needs an address");
	check_error("net 10.0.0.0/33", 5, "ADDRESS/LENGTH");
	check_error("port 70000", 6, "0-65535");
	check_error("tcp and (port 1", 16, ") is missing");
	check_error("tcp port 80", 5, "unexpected \"port\"");
	check_error("frobnicate", 1, "unknown term");
	check_error("proto nosuch", 7, "layer name");
	check_error("dns.rcode == NOSUCH", 14, "a number or a name");
	check_error("dns.rcod == 3", 1, "no field");
	check_error("foo.bar == 3", 1, "no layer \"foo\"");
	check_error("tcp.flags == 2", 11, "compared with has");
	check_error("tcp.flags has X", 15, "TCP flag letter");
	check_error("ipv4.src < 10.0.0.1", 10, "== or !=");
	check_error("tcp.dport 80", 11, "needs ==");
	/* depth is capped: no stack to blow */
	GString *deep = g_string_new(NULL);
	for (int i = 0; i < 100; i++)
		g_string_append(deep, "(");
	check_error(deep->str, 65, "nested deeper"); /* the 65th ( */
	g_string_free(deep, TRUE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dfilter_primitives_at_any_level),
		cmocka_unit_test(test_dfilter_field_comparisons),
		cmocka_unit_test(test_dfilter_inner_and_outer),
		cmocka_unit_test(test_dfilter_precedence),
		cmocka_unit_test(test_dfilter_value_names),
		cmocka_unit_test(test_dfilter_errors_name_the_column),
	};
	return cmocka_run_group_tests_name("dfilter", tests, setup, teardown);
}
