/* analyze_report.h - renderers of an analysis (replay/analyze.h): the incident summary
 * (the same sentences for text and, later, HTML), the text report and the JSON of
 * DESIGN.md "awstrace analyze" (schema 1). They read struct analysis and compute nothing
 * the analysis did not. */
#ifndef AWSTRACE_REPORTS_ANALYZE_REPORT_H
#define AWSTRACE_REPORTS_ANALYZE_REPORT_H

#include <glib.h>

#include "replay/analyze.h"
#include "reports/out.h"

#define ANALYZE_SCHEMA 1

/* The incident in a few sentences with times: appended to sentences (char *, owned). */
void analyze_summary(const struct analysis *r, GPtrArray *sentences);

/* The text report, at most 100 columns wide: the summary first, then sections. */
void analyze_text(const struct analysis *r, struct out *o);

/* One JSON object (schema ANALYZE_SCHEMA) and a newline. */
void analyze_json(const struct analysis *r, struct out *o);

/* One self-contained HTML page (issue 15; reports/analyze_html.c): m is the model the
 * analysis walked, drawn with the paths. */
void analyze_html(const struct analysis *r, const struct model *m, struct out *o);

/* "2024-05-01T12:00:45.123456Z" (as decode prints times) into buf (at least 40 bytes). */
void analyze_time(const struct analysis *r, int64_t ts, char *buf, size_t n);
/* "12:00:45.123456": the time of day alone (a report's header gives the date). */
void analyze_tod(const struct analysis *r, int64_t ts, char *buf, size_t n);

#endif /* AWSTRACE_REPORTS_ANALYZE_REPORT_H */
