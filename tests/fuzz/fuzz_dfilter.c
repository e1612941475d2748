/* fuzz_dfilter.c - libFuzzer target for the display filter (decode/dfilter.c).
 *
 * The input is an expression (copied into a NUL-terminated buffer of exactly its size, so
 * ASan sees a read past the terminator). It must either compile, and then be matched against
 * a fixed GENEVE-in-UDP view (outer and inner IPv4, TCP, VLAN, DNS layers), or fail with an
 * error whose column lies within the expression plus one (the end).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "decode/dfilter.h"

static struct dec *d;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
view_make(void)
{
	d = dec_new();
	static const uint16_t protos[] = { DEC_P_ETH, DEC_P_VLAN, DEC_P_IPV4, DEC_P_UDP,
		DEC_P_GENEVE, DEC_P_IPV4, DEC_P_TCP, DEC_P_DNS, DEC_P_BGP };
	for (size_t k = 0; k < G_N_ELEMENTS(protos); k++) {
		struct dec_layer *l = &d->layers[d->nlayers++];
		l->proto = protos[k];
		l->tunnel = k >= 5;
	}
	d->layers[2].u.ipv4.src[0] = 10;
	d->layers[5].u.ipv4.dst[0] = 192;
	d->layers[6].u.tcp.dport = 80;
	d->layers[6].u.tcp.flags = 0x12;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!d)
		view_make();
	char *expr = malloc(size + 1);
	memcpy(expr, data, size);
	expr[size] = '\0';
	GError *err = NULL;
	unsigned col = 0;
	struct dec_dfilter *f = dec_dfilter_compile(expr, &col, &err);
	if (f) {
		(void)dec_dfilter_match(f, d);
		dec_dfilter_free(f);
	} else {
		if (!err || col < 1 || col > strlen(expr) + 1)
			abort();
		g_error_free(err);
	}
	free(expr);
	return 0;
}
