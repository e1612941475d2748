/* html.h - the pieces of awstrace's self-contained HTML pages (issue 15): `analyze --html`
 * and `topology show --html`. One file per page: inline CSS, inline SVG and one small
 * inline script (table sorting); a Content-Security-Policy that forbids every load, so the
 * page works from a mail attachment and cannot reach the network even if something slipped
 * into it. Every string that comes from a capture or a snapshot goes through html_esc().
 */
#ifndef AWSTRACE_REPORTS_HTML_H
#define AWSTRACE_REPORTS_HTML_H

#include "model/model.h"
#include "replay/analyze.h"
#include "reports/out.h"

/* Writes s with & < > " ' as character references (safe in text and in quoted
 * attributes, in HTML and inline SVG). NULL writes nothing. */
void html_esc(struct out *o, const char *s);

/* printf, the result escaped. */
void html_escf(struct out *o, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* <!DOCTYPE html> … <body>: the style sheet (screen and A4 print) and the CSP. */
void html_page_begin(struct out *o, const char *title);
/* The footer ("awstrace VERSION"), the sorting script, </body></html>. */
void html_page_end(struct out *o);

/* The topology as inline SVG laid out in layers (on-premises, links, gateways, TGW and its
 * route tables, VPCs, subnets, appliances). With r, the paths of r's flows are drawn on it:
 * edges as thick as the bytes they carried, a path that was replaced during the capture
 * dashed with the time it ended. Without r, the attachments and associations only. */
void html_topology_svg(struct out *o, const struct model *m, const struct analysis *r);

/* `topology show --html`: a page with the drawing and the object counts. */
void topology_html(const struct model *m, const char *dir, struct out *o);

#endif /* AWSTRACE_REPORTS_HTML_H */
