/* crypto_opts.c - the key options decode and flows share (issue 18): --tcp-md5-key
 * PEER=KEY (repeatable), --tcp-md5-keys FILE, --esp-keys FILE. They make the decode
 * context's key table (decode/keys.h); without any, decoding is as before.
 *
 * Keys are secrets: messages name the option, file and line, never the key; and the
 * command-line copy of a --tcp-md5-key is wiped once read (it may still be in the
 * process's argv and shell history: a key file is the better habit, and the help says so).
 */
#include "reports/cmd.h"

#include <stdio.h>
#include <string.h>

#include "decode/dnssec.h"
#include "decode/keys.h"

void
cmd_keys_options(GOptionContext *ctx, struct cmd_keys *k, bool dnssec)
{
	GOptionEntry e[] = {
		{ "tcp-md5-key", 0, 0, G_OPTION_ARG_STRING_ARRAY, &k->md5,
			"Verify TCP-MD5 signatures (RFC 2385) of segments to or from PEER with KEY "
			"(repeatable; a key file keeps keys out of the shell history)",
			"PEER=KEY" },
		{ "tcp-md5-keys", 0, 0, G_OPTION_ARG_FILENAME, &k->md5_file,
			"TCP-MD5 keys, one PEER=KEY a line", "FILE" },
		{ "esp-keys", 0, 0, G_OPTION_ARG_FILENAME, &k->esp_file,
			"Decrypt ESP with these SAs: `ip xfrm state` output, or CSV lines "
			"spi,src,dst,enc,enc-key,auth,auth-key",
			"FILE" },
		{ "dnssec", 0, 0, G_OPTION_ARG_NONE, &k->dnssec,
			"Validate DNSSEC-signed answers with the keys the capture holds, from the "
			"root "
			"zone's trust anchors",
			NULL },
		{ "trust-anchor", 0, 0, G_OPTION_ARG_FILENAME, &k->trust_anchor,
			"DNSSEC trust anchors (DS or DNSKEY records, zone-file lines) instead of "
			"the "
			"root's; implies --dnssec",
			"FILE" },
		G_OPTION_ENTRY_NULL
	};
	/* the DNSSEC options come last: decode shows the verdicts, analyze counts them and
	 * reports bogus answers; flows has no use for them */
	if (!dnssec)
		e[3] = e[5];
	g_option_context_add_main_entries(ctx, e, NULL); /* GLib copies the entries */
}

struct dec_keys *
cmd_keys_load(const char *cmd, struct cmd_keys *ko, int *failed)
{
	*failed = 0;
	if (ko->dnssec || ko->trust_anchor) {
		GError *aerr = NULL;
		ko->validator = dec_dnssec_new();
		if (ko->trust_anchor &&
			!dec_dnssec_load_anchors(ko->validator, ko->trust_anchor, &aerr)) {
			fprintf(stderr, "awstrace %s: %s\n", cmd, aerr->message);
			g_error_free(aerr);
			*failed = 1;
			return NULL;
		}
	}
	if (!ko->md5 && !ko->md5_file && !ko->esp_file)
		return NULL;
	struct dec_keys *k = dec_keys_new();
	GError *err = NULL;
	bool ok = true;
	int rc = 2; /* a bad --tcp-md5-key value is bad usage; a bad file, bad input */
	for (size_t i = 0; ok && ko->md5 && ko->md5[i]; i++) {
		ok = dec_keys_add_tcp_md5(k, ko->md5[i], &err);
		memset(ko->md5[i], 0, strlen(ko->md5[i]));
	}
	if (ok)
		rc = 1;
	if (ok && ko->md5_file)
		ok = dec_keys_load_tcp_md5(k, ko->md5_file, &err);
	if (ok && ko->esp_file)
		ok = dec_keys_load_esp(k, ko->esp_file, &err);
	if (!ok) {
		fprintf(stderr, "awstrace %s: %s\n", cmd, err->message);
		g_error_free(err);
		dec_keys_free(k);
		*failed = rc;
		return NULL;
	}
	ko->table = k;
	return k;
}

void
cmd_keys_clear(struct cmd_keys *ko)
{
	g_strfreev(ko->md5);
	g_free(ko->md5_file);
	g_free(ko->esp_file);
	dec_keys_free(ko->table);
	dec_dnssec_free(ko->validator);
	g_free(ko->trust_anchor);
	memset(ko, 0, sizeof(*ko));
}
