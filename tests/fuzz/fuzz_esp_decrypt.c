/* fuzz_esp_decrypt.c - libFuzzer target for ESP decryption (decode/esp_decrypt.c) with
 * fixed keys: one AES-GCM-16-128 SA and one AES-CBC-256 + HMAC-SHA2-256-128 SA.
 *
 * The first input byte picks what the rest is:
 *   bit 0 clear: a whole ESP packet (SPI onwards) opened with the SA bit 1 names, as
 *     dec_esp_open() sees wire bytes: an ICV that cannot match, lengths of every size;
 *   bit 0 set: a plaintext (inner packet, padding, pad length, next header as the
 *     fuzzer writes them) that this harness seals with the SA's key, so the ICV
 *     verifies; the packet is put in Ethernet + IPv4 (+ UDP 4500 when bit 2 is set) and
 *     decoded, rendered as text and JSON: the trailer checks and every decoder behind a
 *     decrypted ESP run on what the fuzzer chose.
 * The frame is copied into a buffer of exactly its size, so ASan sees a read past it.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "decode/decode.h"
#include "decode/keys.h"
#include "capture/capture.h"
#include "reports/out.h"
#include "reports/render.h"

static const char sas[] =
	"0x0000aaaa,192.0.2.1,198.51.100.1,aes-gcm-16,000102030405060708090a0b0c0d0e0f01020304,"
	"none,\n"
	"0x0000bbbb,192.0.2.1,198.51.100.1,aes-cbc,"
	"101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f,hmac-sha2-256-128,"
	"303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f\n";

static struct dec_keys *keys;
static struct dec *d;
static struct out *o;

static void
init(void)
{
	GError *err = NULL;
	keys = dec_keys_new();
	if (!dec_keys_parse_esp(keys, sas, "fuzz", &err))
		abort();
	d = dec_new();
	d->keys = keys;
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		abort();
	o = out_new(fd);
}

static const uint8_t src[4] = { 192, 0, 2, 1 }, dst[4] = { 198, 51, 100, 1 };

/* seals pt (n bytes) as ESP under the SA into esp; its length, 0 when it cannot */
static size_t
seal(bool gcm, const uint8_t *pt, size_t n, uint8_t *esp)
{
	const struct dec_esp_sa *sa = dec_keys_esp_find(keys, gcm ? 0xaaaa : 0xbbbb, 4, src, dst);
	size_t ivlen = gcm ? 8 : 16, align = gcm ? 4 : 16;
	if (!sa || n == 0 || n % align)
		return 0;
	static const uint8_t spi_gcm[4] = { 0, 0, 0xaa, 0xaa }, spi_cbc[4] = { 0, 0, 0xbb, 0xbb };
	memcpy(esp, gcm ? spi_gcm : spi_cbc, 4);
	memcpy(esp + 4, "\0\0\0\1", 4);
	memset(esp + 8, 0x5a, ivlen);
	uint8_t *ct = esp + 8 + ivlen;
	int l1 = 0, l2 = 0;
	EVP_CIPHER_CTX *cx = EVP_CIPHER_CTX_new();
	bool ok;
	if (gcm) {
		uint8_t nonce[12];
		memcpy(nonce, sa->salt, 4);
		memcpy(nonce + 4, esp + 8, 8);
		ok = EVP_EncryptInit_ex(cx, EVP_aes_128_gcm(), NULL, sa->enc_key, nonce) == 1 &&
		     EVP_EncryptUpdate(cx, NULL, &l1, esp, 8) == 1 &&
		     EVP_EncryptUpdate(cx, ct, &l1, pt, (int)n) == 1 &&
		     EVP_EncryptFinal_ex(cx, ct + l1, &l2) == 1 &&
		     EVP_CIPHER_CTX_ctrl(cx, EVP_CTRL_GCM_GET_TAG, 16, ct + n) == 1;
	} else {
		unsigned int ml = 0;
		uint8_t mac[EVP_MAX_MD_SIZE];
		ok = EVP_EncryptInit_ex(cx, EVP_aes_256_cbc(), NULL, sa->enc_key, esp + 8) == 1 &&
		     EVP_CIPHER_CTX_set_padding(cx, 0) == 1 &&
		     EVP_EncryptUpdate(cx, ct, &l1, pt, (int)n) == 1 &&
		     EVP_EncryptFinal_ex(cx, ct + l1, &l2) == 1 &&
		     HMAC(EVP_sha256(), sa->auth_key, sa->auth_keylen, esp, 8 + ivlen + n, mac,
			     &ml);
		if (ok)
			memcpy(ct + n, mac, 16);
	}
	EVP_CIPHER_CTX_free(cx);
	return ok ? 8 + ivlen + n + 16 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!keys)
		init();
	if (size < 1 || size > 4096)
		return 0;
	uint8_t mode = data[0];
	bool gcm = !(mode & 2);
	data++;
	size--;
	if (!(mode & 1)) {
		const struct dec_esp_sa *sa =
			dec_keys_esp_find(keys, gcm ? 0xaaaa : 0xbbbb, 4, src, dst);
		uint8_t *in = malloc(size ? size : 1), *out = malloc(size ? size : 1);
		memcpy(in, data, size);
		size_t plen = 0;
		uint8_t nh = 0;
		const char *why = NULL;
		if (dec_esp_open(keys, sa, in, size, out, &plen, &nh, &why) && plen > size)
			abort();
		free(in);
		free(out);
		return 0;
	}
	static uint8_t esp[4096 + 64];
	size_t n = seal(gcm, data, size, esp);
	if (!n)
		return 0;
	bool natt = mode & 4;
	size_t hdr = 14 + 20 + (natt ? 8 : 0), total = hdr + n;
	uint8_t *f = malloc(total);
	static const uint8_t eth[14] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0 };
	memcpy(f, eth, 14);
	uint8_t ip[20] = { 0x45, 0, (uint8_t)((total - 14) >> 8), (uint8_t)(total - 14), 0, 1, 0, 0,
		64, natt ? 17 : 50, 0, 0 };
	memcpy(ip + 12, src, 4);
	memcpy(ip + 16, dst, 4);
	memcpy(f + 14, ip, 20);
	if (natt) {
		uint8_t u[8] = { 0x11, 0x94, 0x11, 0x94, (uint8_t)((n + 8) >> 8), (uint8_t)(n + 8),
			0, 0 };
		memcpy(f + 34, u, 8);
	}
	memcpy(f + hdr, esp, n);
	dec_packet(d, f, (uint32_t)total, (uint32_t)total, DEC_LINK_EN10MB);
	/* a packet sealed with the SA's key never fails its ICV */
	for (unsigned i = 0; i < d->nerrors; i++)
		if (d->errors[i].code == DEC_E_ESP_ICV)
			abort();
	struct cap_pkt p = {
		.n = 1, .caplen = (uint32_t)total, .len = (uint32_t)total, .data = f, .prec = 6
	};
	report_text_packet(o, &p, d);
	report_json_packet(o, &p, d);
	out_flush(o);
	free(f);
	return 0;
}
