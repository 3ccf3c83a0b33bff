"""The pages' Jinja2 templates: structure only (every word comes from Python, through
:func:`ttdn.i18n._`), HTML-escaped by Jinja's autoescape.

``{{ L.name }}`` is a fixed word of the pages (:func:`ttdn.outputs.site.build.labels`): the
same on every page of a run, it is written (escaped) into the template's text before the
template is compiled, so that thousands of pages do not each look it up and escape it.
"""

from __future__ import annotations

# The frame of every page, in three pieces around the page's own title and main content:
# HEAD, title, TOP, main, FOOT. Their words are the same on every page of a kind at a depth
# (only ``aria-current`` and the ``../`` prefix vary), so the site renders them once per
# (kind, depth) and each page template writes them back as ready markup.
HEAD = """\
<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>"""

TOP = """\
 · {{ L.site }}</title>
<link rel="icon" href="{{ root }}assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{{ root }}assets/style.css">
<script src="{{ root }}assets/site.js" defer></script>
</head>
<body>
<a class="skip" href="#main">{{ L.skip }}</a>
<header class="top">
<p class="plan"><a href="{{ root }}index.html">{{ plan_title }}</a></p>
<nav aria-label="{{ L.nav }}"><ul>
{%- for key, href, label in nav %}
<li><a href="{{ root }}{{ href }}"{% if key == page %} aria-current="page"{% endif %}>{{ label }}</a></li>
{%- endfor %}
</ul></nav>
<p class="asof">{{ as_of_text }}</p>
</header>
{% if sample %}<p class="sample-mark" role="note"><strong>{{ sample }}</strong></p>{% endif %}
<main id="main">
"""

FOOT = """
</main>
<footer>{{ footer }}</footer>
</body>
</html>
"""


def _page(main: str) -> str:
    """A page template: the frame's pieces (``frame``, rendered once) around ``main``."""
    return "{{ frame.head }}{{ title }}{{ frame.top }}" + main + "{{ frame.foot }}"


MACROS = """\
{% macro bar(parts, words) -%}
<div class="bar" aria-hidden="true">
{%- for key, pct in parts %}<span class="s-{{ key }}" style="width:{{ pct }}%"></span>{% endfor -%}
</div>
<p class="words">{{ words }}</p>
{%- endmacro %}

{% macro task_table(id, rows, root) -%}
<div class="table-wrap">
<table id="{{ id }}" class="sortable cards">
<thead><tr>
<th scope="col">{{ L.ref }}</th><th scope="col">{{ L.content }}</th>
<th scope="col">{{ L.lead }}</th><th scope="col" data-num>{{ L.due }}</th>
<th scope="col">{{ L.status }}</th><th scope="col" data-num>{{ L.flag }}</th>
</tr></thead>
<tbody>
{%- for t in rows %}
<tr data-task="{{ t.id }}">
<th scope="row" data-sort="{{ t.order }}"><a href="{{ root }}{{ t.href }}">{{ t.ref }}</a></th>
<td data-label="{{ L.content }}">{{ t.content }}</td>
<td data-label="{{ L.lead }}">{{ t.lead }}</td>
<td data-label="{{ L.due }}" data-sort="{{ t.due_sort }}">{{ t.timeline }}{% if t.due %}<br><span class="muted">{{ t.due }}</span>{% endif %}</td>
<td data-label="{{ L.status }}" data-status="{{ t.status_key }}">{{ t.status }}{% if t.updated %}<br><span class="muted">{{ t.updated }}</span>{% endif %}</td>
<td data-label="{{ L.flag }}" data-sort="{{ t.days_overdue }}"{% if t.overdue %} class="late"{% endif %}>{{ t.flag }}</td>
</tr>
{%- endfor %}
</tbody>
</table>
</div>
{%- endmacro %}

{% macro changes_list(groups) -%}
{%- for heading, items in groups %}
<h3>{{ heading }}</h3>
<ul>{% for c in items %}<li>{{ c }}</li>{% endfor %}</ul>
{%- endfor %}
{%- endmacro %}
"""

INDEX = _page(
    """{% from "macros" import bar %}
<h1>{{ L.overview_title }}</h1>
<section aria-labelledby="h-counts">
<h2 id="h-counts">{{ L.counts_title }}</h2>
<dl class="counts">
{%- for c in counts %}
<div class="c-{{ c.key }}" data-count="{{ c.key }}"><dt>{{ c.label }}</dt><dd data-n="{{ c.n }}">{{ c.value }}{% if c.sub %} <span class="sub">{{ c.sub }}</span>{% endif %}</dd></div>
{%- endfor %}
</dl>
</section>
<section aria-labelledby="h-charts">
<h2 id="h-charts">{{ L.charts_title }}</h2>
<ul class="legend">
{%- for key, label in legend %}<li><span class="s-{{ key }}"></span>{{ label }}</li>{% endfor %}
</ul>
<div class="charts">
{%- for caption, svg in charts %}
<figure><figcaption>{{ caption }}</figcaption>{{ svg }}</figure>
{%- endfor %}
</div>
</section>
<section aria-labelledby="h-agencies">
<h2 id="h-agencies">{{ L.agencies_title }}</h2>
<form class="filters" data-table="agencies" hidden>
<label>{{ L.filter_kind }}<select name="kind"><option value="">{{ L.all }}</option>
{%- for value, label in kinds %}<option value="{{ value }}">{{ label }}</option>{% endfor %}
</select></label>
<label>{{ L.filter_section }}<select name="section"><option value="">{{ L.all }}</option>
{%- for value, label in sections %}<option value="{{ value }}">{{ label }}</option>{% endfor %}
</select></label>
<output aria-live="polite" data-template="{{ L.shown }}"></output>
</form>
<div class="table-wrap">
<table id="agencies" class="sortable cards">
<caption class="muted">{{ L.agencies_caption }}</caption>
<thead><tr>
<th scope="col">{{ L.agency }}</th><th scope="col">{{ L.kind }}</th>
<th scope="col" data-num class="num">{{ L.led }}</th><th scope="col" data-num>{{ L.progress }}</th>
<th scope="col" data-num class="num">{{ L.coordinating }}</th>
<th scope="col" data-num class="num">{{ L.overdue }}</th><th scope="col" data-num>{{ L.reports }}</th>
</tr></thead>
<tbody>
{%- for a in agencies %}
<tr data-agency="{{ a.slug }}" data-kind="{{ a.kind }}" data-sections="{{ a.sections }}">
<th scope="row"><a href="{{ a.href }}">{{ a.name }}</a></th>
<td data-label="{{ L.kind }}">{{ a.kind_label }}</td>
<td data-label="{{ L.led }}" class="num" data-key="led" data-n="{{ a.led }}">{{ a.led }}</td>
<td data-label="{{ L.progress }}" data-sort="{{ a.done_sort }}">{% if a.led %}{{ bar(a.bar, a.words) }}{% else %}<span class="muted">{{ L.none_led }}</span>{% endif %}
<span hidden>{% for k, n in a.by_status %}<data data-status="{{ k }}" value="{{ n }}"></data>{% endfor %}</span></td>
<td data-label="{{ L.coordinating }}" class="num" data-key="coordinating" data-n="{{ a.coordinating }}">{{ a.coordinating }}</td>
<td data-label="{{ L.overdue }}" class="num{% if a.overdue %} late{% endif %}" data-key="overdue" data-n="{{ a.overdue }}">{{ a.overdue }}</td>
<td data-label="{{ L.reports }}" data-key="reports_missing" data-n="{{ a.reports_missing }}" data-sort="{{ a.reports_sort }}">{{ a.reports_text }}</td>
</tr>
{%- endfor %}
</tbody>
</table>
</div>
</section>
"""
)

TASKS = _page(
    """{% from "macros" import task_table %}
<h1>{{ L.tasks_title }}</h1>
{%- for sec in sections %}
<h2>{{ sec.heading }}</h2>
{{ task_table("section-" ~ loop.index, sec.rows, root) }}
{%- endfor %}
"""
)

AGENCY = _page(
    """{% from "macros" import task_table %}
<h1>{{ agency.name }}</h1>
<p>{{ agency.summary }}</p>
<h2>{{ L.led_title }}</h2>
{% if led %}{{ task_table("led", led, root) }}{% else %}<p>{{ L.none_led }}</p>{% endif %}
{% if rollup %}<p class="muted">{{ rollup }}</p>{% endif %}
{%- for plan in own_plans %}
<h2>{{ plan.heading }}</h2>
{{ task_table("own-" ~ loop.index, plan.rows, root) }}
{%- endfor %}
<h2>{{ L.coordinating_title }}</h2>
{% if coordinating %}{{ task_table("coordinating", coordinating, root) }}{% elif not via_groups %}<p>{{ L.none_coordinating }}</p>{% endif %}
{%- for g in via_groups %}
<h2>{{ g.title }}</h2>
<ul class="via" id="via-{{ g.group }}">{{ g.lines }}</ul>
{%- endfor %}
<h2>{{ L.reports_title }}</h2>
{% if reports %}<ul id="reports">
{%- for r in reports %}<li data-period="{{ r.period }}" data-state="{{ r.state }}"{% if r.late %} class="late"{% endif %}>{{ r.text }}</li>{% endfor %}
</ul>{% else %}<p>{{ L.no_reports }}</p>{% endif %}
<h2>{{ L.results_title }}</h2>
{% if results %}<ul id="results">
{%- for e in results %}<li><a href="{{ root }}{{ e.href }}">{{ e.ref }}</a> ({{ e.date }}, {{ e.status }}): {{ e.result }}</li>{% endfor %}
</ul>{% else %}<p>{{ L.no_results }}</p>{% endif %}
<h2>{{ L.indicators_title }}</h2>
{% if indicators %}<dl class="facts" id="indicators">
{%- for label, value in indicators %}<dt>{{ label }}</dt><dd>{{ value }}</dd>{% endfor %}
</dl>{% else %}<p>{{ L.no_indicators }}</p>{% endif %}
"""
)

TASK = _page(
    """
<h1>{{ heading }}</h1>
<p class="content">{{ content }}</p>
<dl class="facts">
<dt>{{ L.fact_plan }}</dt><dd>{{ plan }}</dd>
<dt>{{ L.fact_section }}</dt><dd>{{ section }}</dd>
<dt>{{ L.fact_timeline }}</dt><dd>{{ timeline }}</dd>
<dt>{{ L.fact_due }}</dt><dd>{{ due }}</dd>
<dt>{{ L.lead }}</dt><dd>{% if lead_href %}<a href="{{ root }}{{ lead_href }}">{{ lead }}</a>{% else %}{{ lead }}{% endif %}</dd>
<dt>{{ L.coordinating }}</dt><dd>{{ coordinators }}</dd>
<dt>{{ L.status }}</dt><dd>{{ status }}</dd>
<dt>{{ L.flag }}</dt><dd>{{ flag }}</dd>
<dt>{{ L.fact_updated }}</dt><dd>{{ updated }}</dd>
{%- if result is not none %}
<dt>{{ L.fact_result }}</dt><dd>{{ result }}</dd>
{%- endif %}
{%- if implements %}
<dt>{{ L.fact_implements }}</dt><dd><a href="{{ root }}{{ implements.href }}">{{ implements.text }}</a></dd>
{%- endif %}
</dl>
{% if children %}
<h2>{{ L.children_title }}</h2>
<ul>{% for c in children %}<li><a href="{{ root }}{{ c.href }}">{{ c.label }}</a>: {{ c.status }}</li>{% endfor %}</ul>
{% endif %}
<h2>{{ L.entries_title }}</h2>
{% if entries %}
<div class="table-wrap">
<table id="entries" class="cards">
<thead><tr><th scope="col">{{ L.date }}</th><th scope="col">{{ L.agency }}</th><th scope="col">{{ L.status }}</th><th scope="col">{{ L.result }}</th></tr></thead>
<tbody>
{%- for e in entries %}
<tr><th scope="row">{{ e.date }}</th><td data-label="{{ L.agency }}">{{ e.agency }}</td><td data-label="{{ L.status }}">{{ e.status }}</td>
<td data-label="{{ L.result }}">{{ e.result }}{% for line in e.more %}<br><span class="muted">{{ line }}</span>{% endfor %}</td></tr>
{%- endfor %}
</tbody>
</table>
</div>
{% else %}<p>{{ L.no_entries }}</p>{% endif %}
<h2>{{ L.history_title }}</h2>
{% if history is none %}<p class="muted">{{ L.no_git }}</p>
{% elif history %}<ol class="history" id="history">
{%- for h in history %}<li><strong>{{ h.when }}</strong>{% if h.commit %} <code>{{ h.commit }}</code> {{ h.author }}: {{ h.subject }}{% endif %}
<ul>{% for c in h.changes %}<li>{{ c }}</li>{% endfor %}</ul></li>{% endfor %}
</ol>
{% else %}<p>{{ L.no_history }}</p>{% endif %}
"""
)

CHANGES = _page(
    """{% from "macros" import changes_list %}
<h1>{{ L.changes_title }}</h1>
{% if report is none %}<p class="muted">{{ L.no_git }}</p>
{% else %}
<p>{{ report.intro }}</p>
{%- for w in report.warnings %}<p class="warn" role="note">{{ w }}</p>{% endfor %}
{% if not report.plans and not report.other %}<p>{{ report.nothing }}</p>{% endif %}
{%- for heading, groups in report.plans %}
<h2>{{ heading }}</h2>
{{ changes_list(groups) }}
{%- endfor %}
{% if report.other %}<h2>{{ L.agencies_groups }}</h2>{{ changes_list(report.other) }}{% endif %}
{% endif %}
"""
)

TEMPLATES = {
    "head": HEAD,
    "top": TOP,
    "foot": FOOT,
    "macros": MACROS,
    "index": INDEX,
    "tasks": TASKS,
    "agency": AGENCY,
    "task": TASK,
    "changes": CHANGES,
}
