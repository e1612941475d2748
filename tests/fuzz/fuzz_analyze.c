/* fuzz_analyze.c - libFuzzer target over the analysis (replay/analyze.c, bgp_time.c,
 * vantage.c): frames decoded and fed to analyze_packet() against the built-in sample
 * topology, whose route tables the BGP in them may change; then analyze_finish().
 *
 * The input is a list of records, each
 *   dt    1 byte: capture time advances dt * 1 s (hold timers of 90 s fire in between)
 *   len   2 bytes, big-endian, then len bytes of an Ethernet frame (fewer when the input
 *         ends)
 * Each frame is copied to a buffer of exactly its size (ASan sees a read past it). The
 * model and engine are built once; the engine's tables carry over between inputs, as a
 * long capture's would.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "decode/decode.h"
#include "decode/stream.h"
#include "model/forward.h"
#include "replay/analyze.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct model *m;
static struct model_engine *e;
static struct dec *d;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!m) {
		GError *err = NULL;
		const char *dir = getenv("AWSTRACE_FUZZ_TOPOLOGY");
		m = model_load(dir ? dir : "samples/topologies/hybrid", &err);
		if (!m || !(e = model_engine_new(m, &err))) {
			fprintf(stderr, "fuzz_analyze: %s\n", err ? err->message : "no model");
			abort();
		}
		d = dec_new();
	}
	GError *err = NULL;
	struct analyze *a = analyze_new(m, e, NULL, &err);
	if (!a)
		abort();
	d->reasm = dec_reasm_new(NULL);
	int64_t sec = 1714564800;
	uint64_t n = 0;
	size_t i = 0;
	while (i + 3 <= size) {
		sec += data[i];
		size_t len = (size_t)data[i + 1] << 8 | data[i + 2];
		i += 3;
		if (len > size - i)
			len = size - i;
		uint8_t *f = malloc(len ? len : 1);
		memcpy(f, data + i, len);
		i += len;
		d->ts_sec = sec;
		d->ts_nsec = (uint32_t)(n * 1000);
		dec_packet(d, f, (uint32_t)len, (uint32_t)len, DEC_LINK_EN10MB);
		analyze_packet(a, d, 6, (uint32_t)len, ++n);
		free(f);
	}
	const struct analysis *r = analyze_finish(a);
	if (r->packets != n)
		abort();
	analyze_free(a);
	dec_reasm_free(d->reasm);
	d->reasm = NULL;
	return 0;
}
