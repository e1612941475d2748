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

/* --topology DIR, repeatable (issue 11: one directory per account and Region, or one
 * holding a sub-directory for each), for every command that reads a topology. */
#define CMD_TOPOLOGY_OPTION(var)                                                                \
	{ "topology", 't', 0, G_OPTION_ARG_FILENAME_ARRAY, &(var),                              \
		"A snapshot directory; repeat it for several accounts/Regions (default: "       \
		SAMPLE_TOPOLOGY ")", "DIR" }

/* The model --topology named (dirs NULL-terminated; NULL or empty: the bundled sample, as
 * sample_topology_load()), loaded with model_load_dirs() and flags. *name gets what to
 * call it in messages (the directories joined with ", "; owned by the caller). NULL with
 * *error set when it does not load. */
struct model *cmd_topology_load(char **dirs, unsigned flags, char **name, GError **error);

#endif /* AWSTRACE_REPORTS_EMBEDDED_H */
