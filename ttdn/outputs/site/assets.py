"""The site's one stylesheet (screen, phone, print on A4), its small script (sorting and
filtering tables; every page reads and works without it) and its icon."""

from __future__ import annotations

CSS = """\
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;
color:#1b1b1b;background:#fff;overflow-wrap:anywhere}
a{color:#0b4f9c}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}
header.top{background:#8b1a1a;color:#fff;padding:.6rem 1rem}
header.top a{color:#fff}
header.top .plan{margin:0;font-weight:600}
header.top .plan a{text-decoration:none}
header.top nav ul{list-style:none;margin:.3rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem 1rem}
header.top nav a[aria-current]{font-weight:700;text-decoration-thickness:2px}
header.top .asof{margin:.3rem 0 0;font-size:.9rem}
.sample-mark{margin:0;padding:.5rem 1rem;background:#fff3cd;color:#5c4400;border-bottom:2px solid #e0a800}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem;line-height:1.3}
h2{font-size:1.2rem;margin:1.8rem 0 .6rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.counts{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.6rem;margin:0;padding:0}
.counts div{border:1px solid #ccc;border-left-width:6px;border-radius:4px;padding:.4rem .6rem}
.counts dt{font-size:.85rem}
.counts dd{margin:0;font-size:1.5rem;font-weight:700}
.counts .c-done{border-left-color:#2e7d32}.counts .c-in_progress{border-left-color:#1565c0}
.counts .c-paused{border-left-color:#b8860b}.counts .c-not_started{border-left-color:#757575}
.counts .c-cancelled{border-left-color:#b0bec5}.counts .c-overdue{border-left-color:#c62828}
.counts .c-unrecorded{border-left-color:#6a1b9a}
.counts .sub{font-size:.85rem;font-weight:400}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,26rem),1fr));gap:1.5rem 2rem}
figure{margin:0;min-width:0}
figcaption{font-weight:600;margin-bottom:.3rem}
svg.chart{width:100%;height:auto;display:block}
svg .lbl{font-size:13px;fill:#1b1b1b}svg .val{font-size:13px;fill:#333}svg .note{font-size:11px;fill:#555}
svg .axis{stroke:#999}
.s-done{fill:#2e7d32;background:#2e7d32}.s-in_progress{fill:#1565c0;background:#1565c0}
.s-paused{fill:#e0a800;background:#e0a800}.s-not_started{fill:#9e9e9e;background:#9e9e9e}
.s-cancelled{fill:#cfd8dc;background:#cfd8dc}.s-open{fill:#b0bec5;background:#b0bec5}
.s-overdue{fill:#c62828;background:#c62828}.s-none{fill:#ddd}
.legend{display:flex;flex-wrap:wrap;gap:.2rem 1rem;padding:0;list-style:none;font-size:.85rem}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid #e0e0e0}
thead th{background:#f4f4f4;border-bottom:2px solid #bbb;white-space:nowrap}
td.num,th.num{text-align:right}
th[scope=row]{font-weight:600}
button.sort{font:inherit;font-weight:700;background:none;border:0;padding:0;cursor:pointer;color:inherit}
button.sort::after{content:" \\2195";color:#888}
th[aria-sort=ascending] button.sort::after{content:" \\2191";color:#000}
th[aria-sort=descending] button.sort::after{content:" \\2193";color:#000}
.bar{display:flex;height:.8rem;background:#eee;border-radius:2px;overflow:hidden;min-width:6rem;margin-top:.3rem}
.bar span{display:block;height:100%}
.words{font-size:.85rem;margin:.2rem 0 0}
.late{color:#b71c1c;font-weight:600}
.ok{color:#1b5e20}
.muted{color:#555}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.5rem 0;
padding:.5rem;background:#f7f7f7;border:1px solid #e0e0e0}
form.filters label{display:flex;flex-direction:column;font-size:.85rem;max-width:100%}
form.filters select{font:inherit;max-width:100%}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.content{font-size:1.05rem;background:#fafafa;border-left:4px solid #8b1a1a;padding:.5rem .8rem}
ol.history{padding-left:1.2rem}ol.history li{margin-bottom:.6rem}
ins{background:#e6f4ea;text-decoration:none;border-bottom:1px solid #2e7d32}
del{background:#fde7e9;color:#7f0000}
code{font-size:.9em;background:#f1f1f1;padding:0 .2em}
.warn{background:#fff3cd;padding:.4rem .6rem;border-left:4px solid #e0a800}
footer{max-width:72rem;margin:2rem auto 1rem;padding:0 1rem;font-size:.85rem;color:#555}
@media (max-width:700px){
 body{font-size:15px}
 table.cards thead{position:absolute;left:-9999px}
 table.cards caption{display:block;text-align:left}
 table.cards,table.cards tbody,table.cards tr,table.cards th,table.cards td{display:block;width:100%}
 table.cards tr{border:1px solid #ddd;border-radius:4px;margin-bottom:.6rem;padding:.3rem .5rem}
 table.cards th,table.cards td{border:0;padding:.15rem 0;text-align:left}
 table.cards td[data-label]::before{content:attr(data-label) ": ";font-weight:600}
 dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.4rem}
}
@media print{
 @page{size:A4;margin:15mm 12mm}
 body{font-size:10.5pt;color:#000}
 header.top{background:none;color:#000;border-bottom:2px solid #000;padding:0 0 .3rem}
 header.top a{color:#000}
 header.top nav,form.filters,.skip{display:none!important}
 .sample-mark{border:2px solid #000;background:none;color:#000}
 main{max-width:none;padding:0}
 a{color:#000;text-decoration:none}
 .table-wrap{overflow:visible}
 tr,figure,.counts div{break-inside:avoid}
 h2{break-after:avoid}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

JS = """\
/* ttdn site: sort a table by a column header, filter the agencies. The pages read and work
   without this script: it only adds the buttons and the filter form. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "vi";
  function value(cell) {
    var v = cell ? cell.getAttribute("data-sort") : "";
    return v === null ? cell.textContent.trim() : v;
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, i) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      while (th.firstChild) { b.appendChild(th.firstChild); }
      th.appendChild(b);
      b.addEventListener("click", function () {
        var up = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var num = th.hasAttribute("data-num");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, c) {
          var x = value(a.cells[i]), y = value(c.cells[i]);
          var d = num ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, lang);
          return up ? d : -d;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("form.filters"), function (form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    var out = form.querySelector("output");
    function apply() {
      var rows = table.tBodies[0].rows, shown = 0;
      var kind = form.elements.kind ? form.elements.kind.value : "";
      var section = form.elements.section ? form.elements.section.value : "";
      for (var j = 0; j < rows.length; j++) {
        var r = rows[j];
        var ok = (!kind || r.getAttribute("data-kind") === kind) &&
          (!section || (" " + r.getAttribute("data-sections") + " ").indexOf(" " + section + " ") >= 0);
        r.hidden = !ok;
        if (ok) { shown++; }
      }
      if (out) {
        out.textContent = out.getAttribute("data-template")
          .replace("{shown}", shown).replace("{total}", rows.length);
      }
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  });
})();
"""

ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
    '<rect width="16" height="16" rx="3" fill="#8b1a1a"/>'
    '<path d="M3 11h2V7H3zm4 0h2V4H7zm4 0h2V8h-2z" fill="#fff"/></svg>\n'
)
