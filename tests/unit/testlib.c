/* testlib.c - helpers shared by the unit tests (see testlib.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "tests/unit/testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/render.h"

static uint8_t *kept;

uint8_t *
test_dup(const uint8_t *p, size_t n)
{
	uint8_t *b = malloc(n ? n : 1);
	assert_non_null(b);
	if (n)
		memcpy(b, p, n);
	return b;
}

struct dec *
test_decode(struct dec *d, const uint8_t *p, size_t n, int linktype)
{
	free(kept);
	kept = test_dup(p, n);
	dec_packet(d, kept, (uint32_t)n, (uint32_t)n, linktype);
	return d;
}

const struct dec_layer *
test_layer(const struct dec *d, unsigned proto, unsigned nth)
{
	for (unsigned i = 0; i < d->nlayers; i++)
		if (d->layers[i].proto == proto && nth-- == 0)
			return &d->layers[i];
	return NULL;
}

unsigned
test_count(const struct dec *d, unsigned proto)
{
	unsigned n = 0;
	for (unsigned i = 0; i < d->nlayers; i++)
		n += d->layers[i].proto == proto;
	return n;
}

bool
test_has_event(const struct dec *d, unsigned code)
{
	for (unsigned i = 0; i < d->nerrors; i++)
		if (d->errors[i].code == code)
			return true;
	return false;
}

static char *
render(const struct dec *d, bool json)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	struct out *o = out_new(fileno(f));
	struct cap_pkt p = { .data = d->data, .caplen = d->caplen, .len = d->len, .sec = 0,
		.nsec = 0, .prec = 6, .linktype = d->linktype, .n = 1 };
	if (json)
		report_json_packet(o, &p, d);
	else
		report_text_packet(o, &p, d);
	out_free(o);
	long sz = ftell(f);
	assert_true(sz > 0);
	char *s = g_malloc((size_t)sz + 1);
	rewind(f);
	assert_int_equal(fread(s, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	s[sz] = 0;
	if (sz && s[sz - 1] == '\n')
		s[sz - 1] = 0;
	return s;
}

char *
test_json(const struct dec *d)
{
	return render(d, true);
}

char *
test_text(const struct dec *d)
{
	return render(d, false);
}

size_t
test_every_truncation(const uint8_t *p, size_t n, int linktype)
{
	struct dec *d = dec_new();
	test_decode(d, p, n, linktype);
	unsigned full = d->nlayers;
	size_t with_event = 0;
	for (size_t k = 0; k < n; k++) {
		test_decode(d, p, k, linktype);
		assert_true(d->nlayers <= full);
		if (d->nerrors > 0)
			with_event++;
		/* rendering a truncated packet must not read past it either */
		g_free(test_json(d));
		g_free(test_text(d));
	}
	dec_free(d);
	return with_event;
}
