/* filter.c - BPF filtering through libpcap (see filter.h). */
#include "capture/filter.h"

#include <pcap/pcap.h>

#define FILTER_MAX_LINKTYPES 8

struct filter_prog {
	int linktype;
	bool ok; /* compiled; false: the expression does not apply to this link type */
	struct bpf_program prog;
};

struct cap_filter {
	char *expr;
	unsigned n;
	struct filter_prog progs[FILTER_MAX_LINKTYPES];
};

static bool
compile(struct filter_prog *fp, const char *expr, int linktype, GError **error)
{
	fp->linktype = linktype;
	fp->ok = false;
	/* a dead handle: pcap_compile needs only the link type and a snaplen */
	pcap_t *dead = pcap_open_dead(linktype, 262144);
	if (!dead) {
		g_set_error(error, CAP_ERROR, CAP_ERROR_OPEN, "filter: libpcap cannot open a handle");
		return false;
	}
	if (pcap_compile(dead, &fp->prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		g_set_error(error, CAP_ERROR, CAP_ERROR_FORMAT, "filter \"%s\": %s", expr,
			pcap_geterr(dead));
		pcap_close(dead);
		return false;
	}
	pcap_close(dead);
	fp->ok = true;
	return true;
}

struct cap_filter *
cap_filter_new(const char *expr, int linktype, GError **error)
{
	struct cap_filter *f = g_new0(struct cap_filter, 1);
	f->expr = g_strdup(expr);
	if (!compile(&f->progs[0], expr, linktype < 0 ? 1 : linktype, error)) {
		cap_filter_free(f);
		return NULL;
	}
	f->n = 1;
	return f;
}

bool
cap_filter_match(struct cap_filter *f, const struct cap_pkt *p, GError **error)
{
	struct filter_prog *fp = NULL;
	for (unsigned i = 0; i < f->n; i++)
		if (f->progs[i].linktype == p->linktype) {
			fp = &f->progs[i];
			break;
		}
	if (!fp) {
		if (f->n == FILTER_MAX_LINKTYPES)
			return false;
		fp = &f->progs[f->n++];
		if (!compile(fp, f->expr, p->linktype, error))
			return false;
	}
	if (!fp->ok)
		return false;
	struct pcap_pkthdr h;
	h.ts.tv_sec = (time_t)p->sec;
	h.ts.tv_usec = (suseconds_t)(p->nsec / 1000);
	h.caplen = p->caplen;
	h.len = p->len;
	return pcap_offline_filter(&fp->prog, &h, p->data) != 0;
}

void
cap_filter_free(struct cap_filter *f)
{
	if (!f)
		return;
	for (unsigned i = 0; i < f->n; i++)
		if (f->progs[i].ok)
			pcap_freecode(&f->progs[i].prog);
	g_free(f->expr);
	g_free(f);
}
