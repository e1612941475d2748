/* embedded.h - files built into the binary (samples/embed writes them at build time). */
#ifndef AWSTRACE_REPORTS_EMBEDDED_H
#define AWSTRACE_REPORTS_EMBEDDED_H

#include <stddef.h>

#include <glib.h>

struct model;

struct embedded_file {
	const char *path; /* relative to the embedded directory's root */
	const unsigned char *data;
	size_t len;
};

/* samples/topologies/hybrid, as it was when awstrace was built */
extern const struct embedded_file sample_topology_files[];
extern const size_t sample_topology_nfiles;

#define SAMPLE_TOPOLOGY "samples/topologies/hybrid"

/* The bundled sample topology: from SAMPLE_TOPOLOGY beside the binary (or up to three
 * directories above it, or in the current directory) when it is there, so errors name
 * real files; else the copy built into the binary. *name gets what to call it (owned by
 * the caller). NULL with *error set when it does not load. */
struct model *sample_topology_load(char **name, GError **error);

#endif /* AWSTRACE_REPORTS_EMBEDDED_H */
