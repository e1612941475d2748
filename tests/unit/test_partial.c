/* test_partial.c - a header cut short shows the fields that are whole (issue 14 part 5):
 * ESP, IKE, GENEVE and DNS headers cut at every byte, each cut asserting which fields the
 * text line and the JSON hold, then the truncation event. */
#include <stdarg.h>             /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* Ethernet + IPv4 (protocol proto) [+ UDP sport > dport] + hdr; returns the header's
 * offset in the frame and its length in *n. */
static size_t
frame(uint8_t *b, size_t *n, uint8_t proto, uint16_t sport, uint16_t dport, const uint8_t *hdr,
	size_t hlen)
{
	static const uint8_t eth[14] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00 };
	memcpy(b, eth, 14);
	uint8_t *ip = b + 14;
	memset(ip, 0, 20);
	size_t l4 = proto == 17 ? 8 : 0;
	size_t tot = 20 + l4 + hlen;
	ip[0] = 0x45;
	ip[2] = (uint8_t)(tot >> 8);
	ip[3] = (uint8_t)tot;
	ip[8] = 64;
	ip[9] = proto;
	ip[12] = 10;
	ip[15] = 1;
	ip[16] = 10;
	ip[19] = 2;
	if (l4) {
		uint8_t *u = ip + 20;
		u[0] = (uint8_t)(sport >> 8);
		u[1] = (uint8_t)sport;
		u[2] = (uint8_t)(dport >> 8);
		u[3] = (uint8_t)dport;
		u[4] = (uint8_t)((8 + hlen) >> 8);
		u[5] = (uint8_t)(8 + hlen);
		u[6] = u[7] = 0;
	}
	memcpy(b + 34 + l4, hdr, hlen);
	*n = 34 + l4 + hlen;
	return 34 + l4;
}

struct field {
	size_t end;       /* header bytes the field needs */
	const char *text; /* in the text line */
	const char *json; /* in the JSON */
};

/* Cuts the frame at every byte of the header (as the capture's end: caplen = len) and
 * checks each field is shown exactly when whole. */
static void
check_cuts(const uint8_t *b, size_t n, size_t at, size_t hlen, const char *title,
	const struct field *f, size_t nf)
{
	struct dec *d = dec_new();
	for (size_t k = 0; k < hlen; k++) {
		test_decode(d, b, at + k, DEC_LINK_EN10MB);
		assert_true(test_has_event(d, DEC_E_TRUNCATED) || test_has_event(d, DEC_E_BAD_LENGTH));
		char *t = test_text(d);
		char *j = test_json(d);
		if (!strstr(t, title))
			fail_msg("cut at %zu: no \"%s\" in: %s", k, title, t);
		for (size_t i = 0; i < nf; i++) {
			bool want = k >= f[i].end;
			if ((strstr(t, f[i].text) != NULL) != want)
				fail_msg("cut at %zu: \"%s\" %s in: %s", k, f[i].text,
					want ? "missing" : "shown", t);
			if ((strstr(j, f[i].json) != NULL) != want)
				fail_msg("cut at %zu: \"%s\" %s in: %s", k, f[i].json,
					want ? "missing" : "shown", j);
		}
		g_free(t);
		g_free(j);
	}
	(void)n;
	dec_free(d);
}

static void
test_partial_esp(void **state)
{
	(void)state;
	static const uint8_t esp[] = { 0xc1, 0xa2, 0xb3, 0xd4, 0, 0, 0, 7, 0xaa, 0xbb };
	uint8_t b[128];
	size_t n, at = frame(b, &n, 50, 0, 0, esp, sizeof(esp));
	const struct field f[] = {
		{ 4, "ESP spi=0xc1a2b3d4", "\"spi\":3248665556" },
		{ 8, "seq=7", "\"seq\":7" },
	};
	check_cuts(b, n, at, 8, "ESP", f, G_N_ELEMENTS(f));
	/* 4 of 8 bytes: the SPI, then the event (tshark shows the SPI too) */
	struct dec *d = dec_new();
	test_decode(d, b, at + 4, DEC_LINK_EN10MB);
	char *t = test_text(d);
	if (!strstr(t, "ESP spi=0xc1a2b3d4 [truncated]") || !strstr(t, "[!esp@34: truncated"))
		fail_msg("%s", t);
	g_free(t);
	dec_free(d);
}

static void
test_partial_ike(void **state)
{
	(void)state;
	static const uint8_t ike[28] = { 0x5f, 0x3a, 0x9c, 0x21, 0xd4, 0xe8, 0x7b, 0x06, 0xa7, 0xc4,
		0x0e, 0x9b, 0x31, 0xf2, 0x5d, 0x88, 33, 0x20, 34, 0x08, 0, 0, 0, 1, 0, 0, 0, 28 };
	uint8_t b[128];
	size_t n, at = frame(b, &n, 17, 500, 500, ike, sizeof(ike));
	const struct field f[] = {
		{ 8, "ispi=0x5f3a9c21d4e87b06", "\"ispi\":\"5f3a9c21d4e87b06\"" },
		{ 16, "rspi=0xa7c40e9b31f25d88", "\"rspi\":\"a7c40e9b31f25d88\"" },
		{ 17, "next_payload=33", "\"next_payload\":33" },
		{ 18, "version=0x20", "\"version\":32" },
		{ 19, "exchange=34", "\"exchange\":34" },
		{ 20, "flags=0x08", "\"flags\":8" },
		{ 24, "msgid=1", "\"msgid\":1" },
	};
	check_cuts(b, n, at, 28, "IKE", f, G_N_ELEMENTS(f));
}

static void
test_partial_geneve(void **state)
{
	(void)state;
	static const uint8_t gnv[8] = { 0x00, 0x00, 0x65, 0x58, 0x00, 0x0a, 0x2b, 0x00 };
	uint8_t b[128];
	size_t n, at = frame(b, &n, 17, 60000, 6081, gnv, sizeof(gnv));
	const struct field f[] = {
		{ 4, "proto=0x6558", "\"proto\":25944" },
		{ 7, "vni=0x000a2b", "\"vni\":2603" },
	};
	check_cuts(b, n, at, 8, "GENEVE", f, G_N_ELEMENTS(f));
}

static void
test_partial_dns(void **state)
{
	(void)state;
	static const uint8_t dns[12] = { 0x1a, 0x2b, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
	uint8_t b[128];
	size_t n, at = frame(b, &n, 17, 33333, 53, dns, sizeof(dns));
	const struct field f[] = {
		{ 2, "id=0x1a2b", "\"id\":6699" },
		{ 4, "flags=0x0100", "\"flags\":256" },
		{ 6, "qdcount=1", "\"qdcount\":1" },
		{ 8, "ancount=0", "\"ancount\":0" },
		{ 10, "nscount=0", "\"nscount\":0" },
	};
	check_cuts(b, n, at, 12, "DNS", f, G_N_ELEMENTS(f));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partial_esp),
		cmocka_unit_test(test_partial_ike),
		cmocka_unit_test(test_partial_geneve),
		cmocka_unit_test(test_partial_dns),
	};
	return cmocka_run_group_tests_name("partial", tests, NULL, NULL);
}
