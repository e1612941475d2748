#!/usr/bin/python3
"""check.py CHROMIUM PAGE.html SCREENSHOT.png [REQUIRED_SVG_ID...] - renders an awstrace
HTML page in headless Chromium and fails (exit 1) unless it rendered cleanly (issue 15):

  - no console message at all (the page logs nothing; a CSP violation, a failed load or a
    script error all show up there), no uncaught error, no resource requested
    (performance.getEntriesByType('resource') is empty: the page is self-contained);
  - exactly the page's own <script> element (plus the two this check injects): a string
    from the capture cannot have become markup;
  - every SVG id given is present with a non-zero rendered size, and so is every
    svg.chart and svg#topology on the page;
  - clicking the first column's header of every sortable table sorts it up, then down;
  - a screenshot PNG is written (non-empty, PNG signature);
  - printed to PDF, every page is A4.

Standard library only. The check is a script injected into a copy of the page that writes
its findings as JSON into the DOM, read back with --dump-dom; console lines come from
Chromium's own log (--enable-logging=stderr). Prints the findings and the load time.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--mute-audio"]

EARLY = ("<script>window.__errs=[];window.addEventListener('error',function(e){"
         "window.__errs.push(String(e.message||e));});"
         "['error','warn'].forEach(function(k){var f=console[k];console[k]=function(){"
         "window.__errs.push(k+': '+Array.prototype.join.call(arguments,' '));"
         "f.apply(console,arguments);};});</script>")

LATE = """<script>window.addEventListener('load',function(){
var out={errors:window.__errs,resources:performance.getEntriesByType('resource').map(
function(e){return e.name;}),scripts:document.scripts.length,svgs:{},
load_ms:performance.now()};
document.querySelectorAll('svg[id]').forEach(function(s){var r=s.getBoundingClientRect();
out.svgs[s.id]={w:r.width,h:r.height,chart:s.classList.contains('chart')};});
out.sorted=0;out.sort_errors=[];
document.querySelectorAll('table.sortable').forEach(function(t){
 if(!t.tBodies[0]||t.tBodies[0].rows.length<2)return;
 var th=t.tHead.rows[0].cells[0];
 var col=function(){return Array.prototype.map.call(t.tBodies[0].rows,function(r){
  var c=r.cells[0],v=c.getAttribute('data-v');return v!==null?parseFloat(v):c.textContent;});};
 var ok=function(v,up){for(var i=1;i<v.length;i++){var d=(typeof v[i]==='number')?v[i]-v[i-1]:
  String(v[i]).localeCompare(String(v[i-1]));if(up?d<0:d>0)return false;}return true;};
 th.click();var a=col();th.click();var b=col();
 if(!ok(a,true)||!ok(b,false))out.sort_errors.push((t.id||'table')+': '+JSON.stringify([a,b]));
 out.sorted++;});
var p=document.createElement('pre');p.id='__awstrace_check';
p.textContent=JSON.stringify(out);document.body.appendChild(p);});</script>"""


def run(chromium, args, tmp):
    prof = tempfile.mkdtemp(dir=tmp)
    cmd = [chromium] + FLAGS + ["--user-data-dir=" + prof] + args
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    chromium, page, shot = sys.argv[1:4]
    required = sys.argv[4:]
    tmp = tempfile.mkdtemp(prefix="awstrace-browser.")
    fails = []
    try:
        html = open(page, encoding="utf-8").read()
        if "<head>" not in html or "</body>" not in html:
            print("browser: FAIL %s: no <head> or </body>" % page)
            return 1
        probe = os.path.join(tmp, "probe.html")
        with open(probe, "w", encoding="utf-8") as f:
            f.write(html.replace("<head>", "<head>" + EARLY, 1).replace("</body>", LATE + "</body>", 1))
        r = run(chromium, ["--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
                           "--window-size=1280,1600", "--dump-dom", "file://" + probe], tmp)
        console = [l for l in r.stderr.splitlines() if ":CONSOLE" in l]
        for l in console:
            fails.append("console: " + l.split("] ", 1)[-1])
        m = re.search(r'<pre id="__awstrace_check">(.*?)</pre>', r.stdout, re.S)
        if not m:
            fails.append("the check script did not run (chromium exit %d)" % r.returncode)
            found = {}
        else:
            found = json.loads(m.group(1).replace("&quot;", '"').replace("&lt;", "<")
                               .replace("&gt;", ">").replace("&amp;", "&"))
            for e in found["errors"]:
                fails.append("script error: " + e)
            for u in found["resources"]:
                fails.append("resource requested: " + u)
            if found["scripts"] != 3:
                fails.append("%d <script> elements, expected the page's one (+2 injected)"
                             % (found["scripts"] - 2))
            for e in found["sort_errors"]:
                fails.append("sorting by the first column failed: " + e)
            svgs = found["svgs"]
            for want in required:
                if want not in svgs:
                    fails.append("no <svg id=%s>" % want)
            for sid, s in svgs.items():
                if s["w"] <= 0 or s["h"] <= 0:
                    fails.append("svg %s has no size (%gx%g)" % (sid, s["w"], s["h"]))
            print("browser: %s: %d svg (%s), %d tables sorted, load %.0f ms" % (
                page, len(svgs), " ".join("%s %.0fx%.0f" % (k, v["w"], v["h"])
                                          for k, v in sorted(svgs.items())),
                found["sorted"], found["load_ms"]))
        os.makedirs(os.path.dirname(os.path.abspath(shot)), exist_ok=True)
        r = run(chromium, ["--window-size=1280,2000", "--screenshot=" + os.path.abspath(shot),
                           "file://" + os.path.abspath(page)], tmp)
        try:
            with open(shot, "rb") as f:
                sig = f.read(8)
        except OSError:
            sig = b""
        if sig != b"\x89PNG\r\n\x1a\n":
            fails.append("no screenshot written to %s (chromium exit %d)" % (shot, r.returncode))
        # printed to PDF (the page's @page rule): A4 pages, 595 x 842 points
        pdf = os.path.join(tmp, "page.pdf")
        run(chromium, ["--no-pdf-header-footer", "--print-to-pdf=" + pdf,
                       "file://" + os.path.abspath(page)], tmp)
        try:
            boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]",
                               open(pdf, "rb").read())
        except OSError:
            boxes = []
        if not boxes:
            fails.append("no PDF printed")
        elif any(abs(float(w) - 595) > 2 or abs(float(h) - 842) > 2 for w, h in boxes):
            fails.append("printed pages are not A4: %s" % boxes[:2])
        else:
            print("browser: %s prints on %d A4 page(s)" % (page, len(boxes)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in fails:
        print("browser: FAIL %s: %s" % (page, f))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
