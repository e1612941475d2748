/* keys.c - loading the keys a capture reader is given (decode/keys.h): TCP-MD5 keys per
 * peer and ESP security associations, from `ip xfrm state` output or a CSV.
 *
 * `ip xfrm state` (iproute2's xfrm_state_print): a state starts at a line "src A dst B"
 * in the first column; its indented lines follow. Read here:
 *   proto esp spi 0xSPI ...                       (proto ah/comp states are skipped)
 *   enc cbc(aes) 0xKEY                            (16, 24 or 32 bytes)
 *   auth-trunc hmac(sha256) 0xKEY 128             (also sha1 96, sha384 192, sha512 256)
 *   auth hmac(sha1) 0xKEY                         (iproute2's form for the 96-bit default)
 *   aead rfc4106(gcm(aes)) 0xKEYSALT 128          (key then the 4-byte salt, RFC 4106 §8.1)
 * `ip xfrm state` prints keys only with -s/"ip -s xfrm state" or when asked; with keys
 * hidden (0x0000...) the SA still loads and its ICVs fail: the events say so.
 *
 * CSV, one SA a line: spi,src,dst,enc,enc-key,auth,auth-key. spi in hex (0x) or decimal;
 * src/dst an address, or empty/"*" for any; enc aes-cbc (or cbc(aes)), aes-gcm-16 (or
 * rfc4106(gcm(aes))), the key length read from the key; auth hmac-sha1-96,
 * hmac-sha2-256-128, hmac-sha2-384-192, hmac-sha2-512-256 (or hmac(sha256) ...), or none
 * (AES-GCM); keys in hex, 0x optional; for AES-GCM the enc-key ends with the 4-byte salt,
 * as xfrm keeps it. A first line starting "spi" is a header; '#' lines are comments.
 */
#include "decode/keys.h"

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <string.h>

#include "decode/keys_priv.h"

G_DEFINE_QUARK(awstrace - keys - error - quark, dec_keys_error)

struct dec_keys *
dec_keys_new(void)
{
	struct dec_keys *k = g_new0(struct dec_keys, 1);
	k->sas = g_array_new(FALSE, TRUE, sizeof(struct dec_esp_sa));
	k->md5 = g_array_new(FALSE, TRUE, sizeof(struct dec_md5_key));
	k->cctx = EVP_CIPHER_CTX_new();
	k->mdctx = EVP_MD_CTX_new();
	k->hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	k->macctx = k->hmac ? EVP_MAC_CTX_new(k->hmac) : NULL;
	if (!k->cctx || !k->mdctx || !k->macctx)
		g_error("libcrypto: cannot create cipher/digest/HMAC contexts");
	return k;
}

void
dec_keys_free(struct dec_keys *k)
{
	if (!k)
		return;
	/* the keys are secrets: zero them before the memory goes back */
	if (k->sas->len)
		OPENSSL_cleanse(k->sas->data, k->sas->len * sizeof(struct dec_esp_sa));
	if (k->md5->len)
		OPENSSL_cleanse(k->md5->data, k->md5->len * sizeof(struct dec_md5_key));
	g_array_free(k->sas, TRUE);
	g_array_free(k->md5, TRUE);
	EVP_CIPHER_CTX_free(k->cctx);
	EVP_MD_CTX_free(k->mdctx);
	EVP_MAC_CTX_free(k->macctx);
	EVP_MAC_free(k->hmac);
	g_free(k);
}

size_t
dec_keys_n_esp(const struct dec_keys *k)
{
	return k->sas->len;
}

size_t
dec_keys_n_tcp_md5(const struct dec_keys *k)
{
	return k->md5->len;
}

/* 4 or 6 with the address in out; 0 when s is not an address */
static unsigned
parse_addr(const char *s, uint8_t out[16])
{
	memset(out, 0, 16);
	if (inet_pton(AF_INET, s, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, s, out) == 1)
		return 6;
	return 0;
}

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Hex (an optional 0x) into out; the byte count, or -1 when not hex or over max. */
static int
parse_hex(const char *s, uint8_t *out, size_t max)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	size_t n = strlen(s);
	if (n == 0 || n % 2 || n / 2 > max)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (int)(n / 2);
}

static bool
md5_add(struct dec_keys *k, const char *peer, const char *key, const char *where, GError **error)
{
	struct dec_md5_key m = { 0 };
	m.family = (uint8_t)parse_addr(peer, m.addr);
	if (!m.family) {
		g_set_error(error, DEC_KEYS_ERROR, 1, "%s: peer \"%s\" is not an IP address", where,
			peer);
		return false;
	}
	size_t n = strlen(key);
	if (n == 0 || n > sizeof(m.key)) {
		g_set_error(error, DEC_KEYS_ERROR, 1,
			"%s: the TCP-MD5 key for %s must be 1 to 80 bytes (RFC 2385 §4.5)", where,
			peer);
		return false;
	}
	memcpy(m.key, key, n);
	m.keylen = (uint8_t)n;
	g_array_append_val(k->md5, m);
	OPENSSL_cleanse(&m, sizeof(m));
	return true;
}

bool
dec_keys_add_tcp_md5(struct dec_keys *k, const char *spec, GError **error)
{
	const char *eq = strchr(spec, '=');
	if (!eq) {
		g_set_error(error, DEC_KEYS_ERROR, 1, "--tcp-md5-key wants PEER=KEY");
		return false;
	}
	g_autofree char *peer = g_strndup(spec, (gsize)(eq - spec));
	return md5_add(k, g_strstrip(peer), eq + 1, "--tcp-md5-key", error);
}

bool
dec_keys_load_tcp_md5(struct dec_keys *k, const char *path, GError **error)
{
	g_autofree char *text = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &text, &len, error))
		return false;
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	bool ok = true;
	for (size_t i = 0; ok && lines[i]; i++) {
		char *line = g_strstrip(lines[i]);
		if (!*line || *line == '#')
			continue;
		char *sep = strchr(line, '=');
		if (!sep)
			sep = strpbrk(line, " \t");
		g_autofree char *where = g_strdup_printf("%s:%zu", path, i + 1);
		if (!sep) {
			g_set_error(error, DEC_KEYS_ERROR, 1, "%s: want PEER=KEY", where);
			ok = false;
			break;
		}
		*sep = 0;
		char *key = sep + 1;
		while (*key == ' ' || *key == '\t')
			key++;
		ok = md5_add(k, g_strstrip(line), key, where, error);
	}
	OPENSSL_cleanse(text, len);
	return ok;
}

const char *
dec_esp_enc_name(unsigned enc, unsigned keylen)
{
	switch (enc) {
	case DEC_ESP_ENC_AES_CBC:
		return keylen == 32 ? "aes-cbc-256" : keylen == 24 ? "aes-cbc-192" : "aes-cbc-128";
	case DEC_ESP_ENC_AES_GCM16:
		return keylen == 32   ? "aes-gcm-16-256"
		       : keylen == 24 ? "aes-gcm-16-192"
				      : "aes-gcm-16-128";
	default:
		return "none";
	}
}

const char *
dec_esp_auth_name(unsigned auth)
{
	switch (auth) {
	case DEC_ESP_AUTH_SHA1_96:
		return "hmac-sha1-96";
	case DEC_ESP_AUTH_SHA256_128:
		return "hmac-sha2-256-128";
	case DEC_ESP_AUTH_SHA384_192:
		return "hmac-sha2-384-192";
	case DEC_ESP_AUTH_SHA512_256:
		return "hmac-sha2-512-256";
	default:
		return "none";
	}
}

/* RFC 2404 / RFC 4868 §2.3: the truncated ICV length; key lengths as those RFCs give them
 * (the HMAC key may be longer, it is what IKE derived) */
static unsigned
auth_icv_len(unsigned auth)
{
	static const uint8_t icv[] = { 0, 12, 16, 24, 32 };
	return auth < G_N_ELEMENTS(icv) ? icv[auth] : 0;
}

/* enum dec_esp_auth from a name ("hmac-sha2-256-128", "hmac(sha256)", "none"); -1 */
static int
auth_from_name(const char *s)
{
	g_autofree char *n = g_ascii_strdown(s, -1);
	if (!*n || !strcmp(n, "none") || !strcmp(n, "null"))
		return DEC_ESP_AUTH_NONE;
	/* 512 and 384 first: "hmac-sha2-512-256" also holds "256" */
	if (strstr(n, "512"))
		return DEC_ESP_AUTH_SHA512_256;
	if (strstr(n, "384"))
		return DEC_ESP_AUTH_SHA384_192;
	if (strstr(n, "256"))
		return DEC_ESP_AUTH_SHA256_128;
	if (strstr(n, "sha1"))
		return DEC_ESP_AUTH_SHA1_96;
	return -1;
}

/* enum dec_esp_enc from a name; -1 */
static int
enc_from_name(const char *s)
{
	g_autofree char *n = g_ascii_strdown(s, -1);
	if (strstr(n, "gcm"))
		return DEC_ESP_ENC_AES_GCM16;
	if (strstr(n, "cbc") && strstr(n, "aes"))
		return DEC_ESP_ENC_AES_CBC;
	return -1;
}

static bool
enc_key(struct dec_esp_sa *sa, const char *hex, const char *where, GError **error)
{
	uint8_t buf[36];
	int n = parse_hex(hex, buf, sizeof(buf));
	bool ok;
	if (sa->enc == DEC_ESP_ENC_AES_GCM16) {
		ok = n == 20 || n == 28 || n == 36;
		if (ok) {
			sa->enc_keylen = (uint8_t)(n - 4);
			memcpy(sa->enc_key, buf, sa->enc_keylen);
			memcpy(sa->salt, buf + sa->enc_keylen, 4);
		}
	} else {
		ok = n == 16 || n == 24 || n == 32;
		if (ok) {
			sa->enc_keylen = (uint8_t)n;
			memcpy(sa->enc_key, buf, (size_t)n);
		}
	}
	OPENSSL_cleanse(buf, sizeof(buf));
	if (!ok)
		g_set_error(error, DEC_KEYS_ERROR, 1, "%s: encryption key: want %s hex bytes",
			where,
			sa->enc == DEC_ESP_ENC_AES_GCM16 ? "20, 28 or 36 (key and 4-byte salt)"
							 : "16, 24 or 32");
	return ok;
}

static bool
auth_key(struct dec_esp_sa *sa, const char *hex, const char *where, GError **error)
{
	int n = parse_hex(hex, sa->auth_key, sizeof(sa->auth_key));
	if (n <= 0) {
		g_set_error(error, DEC_KEYS_ERROR, 1, "%s: integrity key: want 1 to 64 hex bytes",
			where);
		return false;
	}
	sa->auth_keylen = (uint8_t)n;
	return true;
}

static bool
sa_finish(struct dec_keys *k, struct dec_esp_sa *sa, const char *where, GError **error)
{
	if (sa->enc == DEC_ESP_ENC_NONE || !sa->enc_keylen) {
		g_set_error(error, DEC_KEYS_ERROR, 1, "%s: SA 0x%08x has no encryption key", where,
			sa->spi);
		return false;
	}
	if (sa->enc == DEC_ESP_ENC_AES_GCM16) {
		if (!sa->icv_len)
			sa->icv_len = 16;
	} else {
		sa->icv_len = (uint8_t)auth_icv_len(sa->auth);
	}
	g_array_append_val(k->sas, *sa);
	return true;
}

static bool
parse_csv(struct dec_keys *k, char **lines, const char *name, GError **error)
{
	for (size_t i = 0; lines[i]; i++) {
		char *line = g_strstrip(lines[i]);
		if (!*line || *line == '#' || (i == 0 && !g_ascii_strncasecmp(line, "spi", 3)))
			continue;
		g_autofree char *where = g_strdup_printf("%s:%zu", name, i + 1);
		g_auto(GStrv) f = g_strsplit(line, ",", -1);
		if (g_strv_length(f) != 7) {
			g_set_error(error, DEC_KEYS_ERROR, 1,
				"%s: want 7 fields spi,src,dst,enc,enc-key,auth,auth-key", where);
			return false;
		}
		for (size_t j = 0; j < 7; j++)
			g_strstrip(f[j]);
		struct dec_esp_sa sa = { 0 };
		char *end;
		guint64 spi = g_ascii_strtoull(f[0], &end, 0);
		if (!*f[0] || *end || spi == 0 || spi > UINT32_MAX) {
			g_set_error(error, DEC_KEYS_ERROR, 1,
				"%s: spi \"%s\" is not a 32-bit number", where, f[0]);
			return false;
		}
		sa.spi = (uint32_t)spi;
		bool any_src = !*f[1] || !strcmp(f[1], "*"), any_dst = !*f[2] || !strcmp(f[2], "*");
		if (!any_src || !any_dst) {
			unsigned fs = any_src ? 0 : parse_addr(f[1], sa.src);
			unsigned fd = any_dst ? 0 : parse_addr(f[2], sa.dst);
			if ((!any_src && !fs) || (!any_dst && !fd) || (fs && fd && fs != fd)) {
				g_set_error(error, DEC_KEYS_ERROR, 1,
					"%s: src/dst must be addresses of one family (or empty)",
					where);
				return false;
			}
			if (any_src || any_dst) {
				g_set_error(error, DEC_KEYS_ERROR, 1,
					"%s: give both src and dst, or neither", where);
				return false;
			}
			sa.family = (uint8_t)fs;
		}
		int enc = enc_from_name(f[3]);
		int auth = auth_from_name(f[5]);
		if (enc < 0 || auth < 0) {
			g_set_error(error, DEC_KEYS_ERROR, 1, "%s: algorithm \"%s\" not supported",
				where, enc < 0 ? f[3] : f[5]);
			return false;
		}
		sa.enc = (uint8_t)enc;
		sa.auth = (uint8_t)auth;
		bool ok = enc_key(&sa, f[4], where, error) &&
			  (sa.auth == DEC_ESP_AUTH_NONE || auth_key(&sa, f[6], where, error)) &&
			  sa_finish(k, &sa, where, error);
		OPENSSL_cleanse(&sa, sizeof(sa));
		for (size_t j = 0; j < 7; j++)
			OPENSSL_cleanse(f[j], strlen(f[j]));
		if (!ok)
			return false;
	}
	return true;
}

/* `ip xfrm state` output */
static bool
parse_xfrm(struct dec_keys *k, char **lines, const char *name, GError **error)
{
	struct dec_esp_sa sa = { 0 };
	bool open = false, esp = false;
	g_autofree char *start = NULL; /* where the open state began, for its messages */
	bool ok = true;
	for (size_t i = 0; ok && lines[i]; i++) {
		const char *raw = lines[i];
		g_autofree char *where = g_strdup_printf("%s:%zu", name, i + 1);
		g_auto(GStrv) t = g_strsplit_set(g_strstrip(lines[i]), " \t", -1);
		size_t n = 0;
		/* drop the empty words runs of blanks leave */
		for (size_t j = 0; t[j]; j++)
			if (*t[j])
				t[n++] = t[j];
			else
				g_free(t[j]);
		t[n] = NULL;
		if (n == 0)
			continue;
		bool top = raw[0] != ' ' && raw[0] != '\t';
		if (top && !strcmp(t[0], "src")) {
			if (open && esp)
				ok = sa_finish(k, &sa, start, error);
			memset(&sa, 0, sizeof(sa));
			open = true;
			esp = false;
			g_free(start);
			start = g_strdup(where);
			unsigned fs = n >= 4 ? parse_addr(t[1], sa.src) : 0;
			unsigned fd = n >= 4 && !strcmp(t[2], "dst") ? parse_addr(t[3], sa.dst) : 0;
			if (!fs || fs != fd) {
				g_set_error(error, DEC_KEYS_ERROR, 1,
					"%s: want \"src ADDR dst ADDR\"", where);
				ok = false;
			}
			sa.family = (uint8_t)fs;
		} else if (!open) {
			continue;
		} else if (!strcmp(t[0], "proto") && n >= 4) {
			esp = !strcmp(t[1], "esp");
			char *end;
			guint64 spi = g_ascii_strtoull(t[3], &end, 0);
			if (esp && (strcmp(t[2], "spi") || *end || spi == 0 || spi > UINT32_MAX)) {
				g_set_error(error, DEC_KEYS_ERROR, 1,
					"%s: want \"proto esp spi 0xSPI\"", where);
				ok = false;
			}
			sa.spi = (uint32_t)spi;
		} else if (!strcmp(t[0], "enc") && n >= 3) {
			int enc = enc_from_name(t[1]);
			if (enc != DEC_ESP_ENC_AES_CBC) {
				g_set_error(error, DEC_KEYS_ERROR, 1, "%s: cipher %s not supported",
					where, t[1]);
				ok = false;
			} else {
				sa.enc = (uint8_t)enc;
				ok = enc_key(&sa, t[2], where, error);
			}
		} else if (!strcmp(t[0], "aead") && n >= 4) {
			int enc = enc_from_name(t[1]);
			unsigned bits = (unsigned)g_ascii_strtoull(t[3], NULL, 10);
			if (enc != DEC_ESP_ENC_AES_GCM16 ||
				(bits != 64 && bits != 96 && bits != 128)) {
				g_set_error(error, DEC_KEYS_ERROR, 1,
					"%s: AEAD %s/%s not supported", where, t[1], t[3]);
				ok = false;
			} else {
				sa.enc = (uint8_t)enc;
				sa.icv_len = (uint8_t)(bits / 8);
				ok = enc_key(&sa, t[2], where, error);
			}
		} else if ((!strcmp(t[0], "auth-trunc") && n >= 4) ||
			   (!strcmp(t[0], "auth") && n >= 3)) {
			int auth = auth_from_name(t[1]);
			unsigned bits = n >= 4 ? (unsigned)g_ascii_strtoull(t[3], NULL, 10) : 96;
			if (auth <= 0 || bits != auth_icv_len((unsigned)auth) * 8) {
				g_set_error(error, DEC_KEYS_ERROR, 1,
					"%s: integrity %s truncated to %u bits not supported",
					where, t[1], bits);
				ok = false;
			} else {
				sa.auth = (uint8_t)auth;
				ok = auth_key(&sa, t[2], where, error);
			}
		}
		for (size_t j = 0; j < n; j++)
			OPENSSL_cleanse(t[j], strlen(t[j]));
	}
	if (ok && open && esp)
		ok = sa_finish(k, &sa, start, error);
	OPENSSL_cleanse(&sa, sizeof(sa));
	return ok;
}

bool
dec_keys_parse_esp(struct dec_keys *k, const char *text, const char *name, GError **error)
{
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	bool xfrm = false;
	for (size_t i = 0; lines[i]; i++)
		if (!strncmp(lines[i], "src ", 4)) {
			xfrm = true;
			break;
		}
	size_t before = k->sas->len;
	bool ok = xfrm ? parse_xfrm(k, lines, name, error) : parse_csv(k, lines, name, error);
	for (size_t i = 0; lines[i]; i++)
		OPENSSL_cleanse(lines[i], strlen(lines[i]));
	if (ok && k->sas->len == before) {
		g_set_error(error, DEC_KEYS_ERROR, 1, "%s: no ESP SA in it", name);
		return false;
	}
	return ok;
}

bool
dec_keys_load_esp(struct dec_keys *k, const char *path, GError **error)
{
	g_autofree char *text = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &text, &len, error))
		return false;
	bool ok = dec_keys_parse_esp(k, text, path, error);
	OPENSSL_cleanse(text, len);
	return ok;
}

const struct dec_esp_sa *
dec_keys_esp_find(const struct dec_keys *k, uint32_t spi, unsigned family, const uint8_t *src,
	const uint8_t *dst)
{
	const struct dec_esp_sa *any = NULL;
	size_t alen = family == 6 ? 16 : 4;
	for (guint i = 0; i < k->sas->len; i++) {
		const struct dec_esp_sa *sa = &g_array_index(k->sas, struct dec_esp_sa, i);
		if (sa->spi != spi)
			continue;
		if (sa->family == 0) {
			any = any ? any : sa;
			continue;
		}
		/* RFC 4301 §4.1: the SPI with the destination names the SA; the source too,
		 * as xfrm keys it */
		if (sa->family == family && src && dst && !memcmp(sa->src, src, alen) &&
			!memcmp(sa->dst, dst, alen))
			return sa;
	}
	return any;
}

const uint8_t *
dec_keys_tcp_md5_find(
	const struct dec_keys *k, unsigned family, const uint8_t *a, const uint8_t *b, size_t *len)
{
	size_t alen = family == 6 ? 16 : 4;
	for (guint i = 0; i < k->md5->len; i++) {
		const struct dec_md5_key *m = &g_array_index(k->md5, struct dec_md5_key, i);
		if (m->family == family &&
			(!memcmp(m->addr, a, alen) || !memcmp(m->addr, b, alen))) {
			*len = m->keylen;
			return m->key;
		}
	}
	return NULL;
}
