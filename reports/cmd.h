/* cmd.h - the subcommands' entry points and what they share. Each returns the process
 * exit code: 0 success, 1 the input was bad, 2 bad usage (DESIGN.md). */
#ifndef AWSTRACE_REPORTS_CMD_H
#define AWSTRACE_REPORTS_CMD_H

#include <glib.h>

#define AWSTRACE_VERSION "0.1.0"

int cmd_decode(int argc, char **argv);
int cmd_topology(int argc, char **argv);
int cmd_flows(int argc, char **argv);
int cmd_capture(int argc, char **argv);
int cmd_explain(int argc, char **argv);

/* Parses argv with ctx; on failure prints the message and a --help hint (exit code 2). */
gboolean cmd_parse(GOptionContext *ctx, const char *cmd, int *argc, char ***argv);

#endif /* AWSTRACE_REPORTS_CMD_H */
