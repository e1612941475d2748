/* argv.h - the command line as tcpdump and tshark users type it, rewritten into what
 * GOption parses (reports/argv.c). */
#ifndef AWSTRACE_REPORTS_ARGV_H
#define AWSTRACE_REPORTS_ARGV_H

/* The short options that take a value, in every command: a letter means one thing
 * everywhere (README "Options"), so one list serves all. tcpdump's capture letters
 * (-i -w -c -s -B -Z -f, -r), capture's rotation (-C -G -W), -t (topology directory),
 * -Y (display filter) and -j (replay's threads, as make's -j). */
#define CMD_VALUE_LETTERS "BCGWYZcfijrstw"

/* Rewrites argv (argc strings; argv[0] kept) so that GOption reads it as getopt would:
 * "-c2" becomes "-c" "2"; "-nq" becomes "-n" "-q"; in a group, a letter of with_value
 * takes the rest of the group or else the next argument ("-nc2", "-nr FILE"); "-r FILE"
 * (tcpdump's and tshark's read option) becomes the operand FILE. Long options, "-", words
 * that do not start with '-', a value a letter takes, and everything after "--" are kept
 * as they are. Returns a new NULL-terminated vector (g_strfreev) with *out_argc strings. */
char **cmd_argv_normalise(int argc, char *const *argv, const char *with_value, int *out_argc);

#endif /* AWSTRACE_REPORTS_ARGV_H */
