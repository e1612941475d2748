/* fuzz_dnssec.c - libFuzzer target for DNSSEC validation (decode/dnssec.c).
 *
 * The input is a 4-byte capture time (big-endian seconds) then a DNS message, put in
 * Ethernet + IPv4 + UDP from port 53 and decoded; dec_dnssec_packet() then validates it
 * with one validator kept across inputs (so DNSKEY and DS RRsets from earlier inputs are
 * keys for later ones) whose trust anchors are the sample zone's DS and the RFC 6605 key.
 * The validator is renewed every 4096 inputs so its store stays small. Every verdict must
 * name a DNS layer of the packet and carry a known status; the packet is rendered as text
 * and JSON. The frame is copied into a buffer of exactly its size (ASan sees overreads).
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "capture/capture.h"
#include "decode/dnssec.h"
#include "reports/out.h"
#include "reports/render.h"

static const char anchors[] =
	"corp.example.com. 3600 IN DS 42241 15 2 "
	"0B1C789267C9D68BDAE3AAA96B7A41B51AC1B1FD1612E18999371317FC437A2C\n"
	"example.net. IN DNSKEY 257 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edb"
	"krSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==\n";

static struct dec_dnssec *v;
static struct dec *d;
static struct out *o;
static unsigned runs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!d) {
		d = dec_new();
		int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			abort();
		o = out_new(fd);
	}
	if (!v || ++runs % 4096 == 0) {
		GError *err = NULL;
		dec_dnssec_free(v);
		v = dec_dnssec_new();
		if (!dec_dnssec_parse_anchors(v, anchors, "fuzz", &err))
			abort();
	}
	if (size < 4 || size > 4096)
		return 0;
	uint32_t now = (uint32_t)data[0] << 24 | (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 |
		       data[3];
	data += 4;
	size -= 4;
	size_t total = 42 + size;
	uint8_t *f = malloc(total);
	static const uint8_t eth[14] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0 };
	memcpy(f, eth, 14);
	uint8_t ip[20] = { 0x45, 0, (uint8_t)((total - 14) >> 8), (uint8_t)(total - 14), 0, 1, 0, 0,
		64, 17, 0, 0, 10, 1, 0, 2, 10, 1, 1, 10 };
	memcpy(f + 14, ip, 20);
	uint8_t u[8] = { 0, 53, 0x9c, 0x40, (uint8_t)((size + 8) >> 8), (uint8_t)(size + 8), 0, 0 };
	memcpy(f + 34, u, 8);
	memcpy(f + 42, data, size);
	dec_packet(d, f, (uint32_t)total, (uint32_t)total, DEC_LINK_EN10MB);
	dec_dnssec_packet(v, d, now);
	for (unsigned i = 0; i < d->ndnssec; i++) {
		const struct dec_dnssec_result *r = &d->dnssec[i];
		if (r->layer >= d->nlayers || d->layers[r->layer].proto != DEC_P_DNS ||
			r->status < DEC_DNSSEC_SECURE || r->status > DEC_DNSSEC_INDETERMINATE ||
			r->why >= DEC_DNSSEC_W_COUNT || !r->name)
			abort();
	}
	struct cap_pkt p = {
		.n = 1, .caplen = (uint32_t)total, .len = (uint32_t)total, .data = f, .prec = 6
	};
	report_text_packet(o, &p, d);
	report_json_packet(o, &p, d);
	out_flush(o);
	free(f);
	return 0;
}
