/* test_color.c - decode --color (issue 16): each layer's name dimmed (SGR 2), the IP
 * layers' addresses left alone, events in red (SGR 31), and not one escape byte when
 * colour is off. */
#include <stdarg.h>             /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "reports/render.h"

#define DIM(s) "\033[2m" s "\033[0m"

static int
colour_off(void **state)
{
	(void)state;
	report_color = false;
	return 0;
}

/* s without its SGR sequences (ESC [ digits m) */
static char *
strip_sgr(const char *s)
{
	char *r = g_malloc(strlen(s) + 1), *w = r;
	while (*s) {
		if (s[0] == '\033' && s[1] == '[') {
			const char *e = s + 2;
			while (*e >= '0' && *e <= '9')
				e++;
			if (*e == 'm') {
				s = e + 1;
				continue;
			}
		}
		*w++ = *s++;
	}
	*w = 0;
	return r;
}

/* d's text line with colour */
static char *
colour_text(struct dec *d)
{
	report_color = true;
	char *col = test_text(d);
	report_color = false;
	return col;
}

/* colour adds escapes and nothing else */
static void
assert_only_sgr_added(const char *col, const char *plain)
{
	char *back = strip_sgr(col);
	assert_string_equal(back, plain);
	g_free(back);
}

static void
test_color_dims_layer_names_not_addresses(void **state)
{
	(void)state;
	static const uint8_t payload[] = { 'h', 'i' };
	uint8_t *f = test_tcp4_segment(0, 40000, 8080, 1, 1, payload, sizeof(payload));
	struct dec *d = dec_new();
	test_decode(d, f, TEST_TCP4_HDR + sizeof(payload), DEC_LINK_EN10MB);
	report_color = false;
	char *plain = test_text(d);
	char *col = colour_text(d);
	assert_null(strchr(plain, '\033'));
	/* the addresses are data: they stay plain; TCP, the layer's name, is dimmed */
	assert_non_null(strstr(col, "Z 10.0.0.1 > 10.0.0.2 " DIM("TCP") " 40000 > 8080 "));
	assert_only_sgr_added(col, plain);
	g_free(col);
	g_free(plain);
	dec_free(d);
	free(f);
}

static void
test_color_truncated_ip_name_dimmed_event_red(void **state)
{
	(void)state;
	uint8_t *f = test_tcp4_segment(0, 40000, 8080, 1, 1, NULL, 0);
	struct dec *d = dec_new();
	/* Ethernet and 10 bytes of the IPv4 header: "ipv4 [truncated]" names the layer */
	test_decode(d, f, 24, DEC_LINK_EN10MB);
	assert_true(test_has_event(d, DEC_E_TRUNCATED));
	char *col = colour_text(d);
	char *plain = test_text(d);
	assert_non_null(strstr(plain, " ipv4 [truncated] [!"));
	assert_non_null(strstr(col, " " DIM("ipv4") " [truncated]\033[31m [!ipv4@14: "));
	assert_int_equal(col[strlen(col) - 1], 'm'); /* ends with SGR 0 after the event */
	assert_only_sgr_added(col, plain);
	g_free(col);
	g_free(plain);
	dec_free(d);
	free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_color_dims_layer_names_not_addresses, colour_off),
		cmocka_unit_test_teardown(test_color_truncated_ip_name_dimmed_event_red, colour_off),
	};
	return cmocka_run_group_tests_name("color", tests, NULL, NULL);
}
