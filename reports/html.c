/* html.c - escaping, the page frame, the style sheet and the sorting script of awstrace's
 * HTML pages (html.h). Nothing here knows what a page shows.
 */
#include "reports/html.h"

#include <stdarg.h>
#include <string.h>

#include "reports/cmd.h"

void
html_esc(struct out *o, const char *s)
{
	if (!s)
		return;
	const char *run = s;
	for (const char *p = s; *p; p++) {
		const char *rep;
		switch (*p) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		out_mem(o, run, (size_t)(p - run));
		out_str(o, rep);
		run = p + 1;
	}
	out_str(o, run);
}

void
html_escf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	html_esc(o, s);
	g_free(s);
}

/* Light theme for screen and paper; A4 with the figures kept whole when printed. System
 * fonts only: the page loads nothing. */
static const char css[] =
	":root{--fg:#1d2330;--mut:#5b6475;--line:#d5d9e0;--bg:#fff;--alt:#f5f7fa;--acc:#1f5fbf;"
	"--hi:#b3261e;--med:#b86e00;--low:#5b6475}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0 auto;max-width:1180px;padding:16px "
	"24px;color:var(--fg);background:var(--bg);"
	"font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif}\n"
	"h1{font-size:22px;margin:4px 0 2px}h2{font-size:17px;margin:26px 0 8px;"
	"border-bottom:2px solid var(--line);padding-bottom:3px}\n"
	"code,.mono,td.mono{font-family:ui-monospace,'DejaVu Sans "
	"Mono',Menlo,monospace;font-size:12px}\n"
	".sub{color:var(--mut)}\n"
	"nav{font-size:13px;margin:6px 0 10px}nav a{margin-right:12px;color:var(--acc)}\n"
	".summary{background:var(--alt);border-left:4px solid var(--acc);padding:8px 14px 8px 28px;"
	"margin:10px 0}\n.summary li{margin:3px 0}\n"
	"dl.cap{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0}\n"
	"dl.cap dt{color:var(--mut)}dl.cap dd{margin:0;overflow-wrap:anywhere}\n"
	"figure{margin:10px 0 18px;break-inside:avoid}figcaption{color:var(--mut);font-size:12px}\n"
	"svg{max-width:100%;height:auto;display:block}svg text{font-family:inherit}\n"
	"table{border-collapse:collapse;width:100%;margin:6px 0 4px;font-size:13px}\n"
	"th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;"
	"vertical-align:top;overflow-wrap:break-word}\n"
	"th{background:var(--alt);position:sticky;top:0;white-space:nowrap}\n"
	"table.sortable th{cursor:pointer;user-select:none}\n"
	"table.sortable th[data-dir=asc]::after{content:' \\25B2'}"
	"table.sortable th[data-dir=desc]::after{content:' \\25BC'}\n"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	".sev-high{color:var(--hi);font-weight:600}.sev-medium{color:var(--med);font-weight:600}"
	".sev-low{color:var(--low)}\n"
	"ol.hops{margin:2px 0 2px 18px;padding:0}ol.hops li{margin:0}\n"
	".more{color:var(--mut);font-style:italic}\n"
	"details>summary{cursor:pointer}\n"
	"footer{margin-top:28px;color:var(--mut);font-size:12px;border-top:1px solid var(--line);"
	"padding-top:6px}\n"
	"@page{size:A4;margin:12mm}\n"
	"@media print{body{max-width:none;padding:0;font-size:11px}nav{display:none}"
	"th{position:static}h2{break-after:avoid}tr{break-inside:avoid}"
	"details{display:block}details>summary{display:none}a{color:inherit;text-decoration:none}"
	".summary{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* Click a header to sort its table by that column (data-v holds a sortable value where the
 * text does not sort, e.g. bytes); a second click reverses. Nothing else. */
static const char script[] =
	"document.querySelectorAll('table.sortable').forEach(function(t){\n"
	" t.querySelectorAll('th').forEach(function(th,i){\n"
	"  th.addEventListener('click',function(){\n"
	"   var dir=th.getAttribute('data-dir')==='asc'?'desc':'asc';\n"
	"   t.querySelectorAll('th').forEach(function(h){h.removeAttribute('data-dir');});\n"
	"   th.setAttribute('data-dir',dir);\n"
	"   var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows);\n"
	"   var key=function(r){var c=r.cells[i];if(!c)return '';var v=c.getAttribute('data-v');"
	"return v!==null?parseFloat(v):c.textContent;};\n"
	"   rows.sort(function(a,c){var x=key(a),y=key(c);"
	"var d=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y));"
	"return dir==='asc'?d:-d;});\n"
	"   rows.forEach(function(r){b.appendChild(r);});\n"
	"  });\n"
	" });\n"
	"});\n";

void
html_page_begin(struct out *o, const char *title)
{
	out_str(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		   "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
		   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		   "<meta name=\"generator\" content=\"awstrace " AWSTRACE_VERSION "\">\n<title>");
	html_esc(o, title);
	out_str(o, "</title>\n<style>\n");
	out_str(o, css);
	out_str(o, "</style>\n</head>\n<body>\n");
}

void
html_page_end(struct out *o)
{
	out_str(o, "<footer>Written by awstrace " AWSTRACE_VERSION
		   ". One self-contained file: it loads nothing.</footer>\n<script>\n");
	out_str(o, script);
	out_str(o, "</script>\n</body>\n</html>\n");
}
