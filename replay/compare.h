/* compare.h - `awstrace bench compare`: two replay JSON results, figure by figure.
 *
 * A figure's value in a file is the median of its per-loop values (`engine.runs[]`) when
 * there are at least two, else the overall value (`engine.pps`, …): a median is what one
 * slow loop on a shared machine does not move. Its spread is (max - min) / median over
 * those loops. A gated figure regressed when it got worse by more than the threshold
 * (throughput fell, latency rose); the comparison says when the spread of either file is
 * larger than the change, so a reader knows the change may be noise.
 */
#ifndef AWSTRACE_REPLAY_COMPARE_H
#define AWSTRACE_REPLAY_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

struct replay_figure {
	const char *name;   /* "pps", "bps", "latency_ns.p50", … */
	const char *unit;   /* "packets/s", "bits/s", "ns", "bytes" */
	bool higher_better;
	bool gated;         /* counts toward the exit status */
	bool present;       /* in both files */
	double old_v, new_v;
	unsigned old_runs, new_runs; /* loops the medians are over (1: the overall value) */
	double old_spread, new_spread; /* fractions of the median; 0 with one value */
	double change;      /* (new - old) / old */
	bool regressed;
	bool noisy;         /* a spread larger than |change| */
};

#define REPLAY_COMPARE_MAX 8

struct replay_compare {
	struct replay_figure f[REPLAY_COMPARE_MAX];
	size_t n;
	double threshold;   /* fraction, e.g. 0.05 */
	bool regressed;     /* any gated figure */
	char *old_rev, *new_rev;       /* "git" of each file, or NULL */
	char *old_machine, *new_machine; /* "cpu, N cores" */
	bool same_machine;
};

/* Reads both files and compares. false with *error set (naming the file and the JSON path)
 * when a file cannot be read or lacks engine.pps. Free with replay_compare_clear(). */
bool replay_compare_files(const char *old_path, const char *new_path, double threshold,
	struct replay_compare *out, GError **error) G_GNUC_WARN_UNUSED_RESULT;
void replay_compare_clear(struct replay_compare *c);

/* Parses "5%", "5" (percent) or "0.05%" into a fraction; false when it is not a number in
 * [0, 1000]%. */
bool replay_parse_percent(const char *s, double *out);

#endif /* AWSTRACE_REPLAY_COMPARE_H */
