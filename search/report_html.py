"""`portal-archive report --html FILE`: the report (search/health.py) as one self-contained page.

Charts are inline SVG drawn here, with no script, stylesheet, font or image from anywhere else:
the file is read years later, offline, from a copy of the archive, so it must not depend on a CDN
or on JavaScript. Why not a charting library: every Python one that renders static SVG
(matplotlib, pygal) is a large dependency for a few bar charts; bars are rectangles.

Every figure is also an element with data attributes (`data-portal`, `data-month`,
`data-metric`, `data-crawl`), so a reader - or a test in a browser - can take the numbers back
out of the rendered page.
"""

from __future__ import annotations

from html import escape

from search.health import Report

WIDTH = 720
HEIGHT = 120
MAX_BAR = 48
STYLE = ("body{font:14px sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}"
         "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right;white-space:nowrap}"
         "td.flags{white-space:normal}td:first-child,th:first-child,td.flags,th.flags{text-align:left}"
         "ul{margin:0;padding-left:1.2em}.flagged{background:#fff3e0}"
         ".chart{display:block;margin:.3em 0 1em}.chart text{font-size:11px;fill:#555}"
         "h3{margin:.8em 0 0;font-size:14px}")


def _months(first: str, last: str) -> list[str]:
    """Every YYYY-MM from `first` to `last`, so that silent months show as empty."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _bars(values: list[tuple[str, int, dict[str, str]]], *, label: str, color: str) -> str:
    """One bar chart: `(x label, value, data attributes)` per bar, value on hover."""
    top = max((v for _, v, _ in values), default=0) or 1
    step = min(WIDTH / max(len(values), 1), MAX_BAR)
    parts = [f'<svg class="chart" viewBox="0 -14 {WIDTH} {HEIGHT + 32}" width="{WIDTH}" '
             f'height="{HEIGHT + 32}" role="img" aria-label="{escape(label)}">']
    for i, (name, value, data) in enumerate(values):
        height = round(HEIGHT * value / top, 1)
        attrs = " ".join(f'data-{k}="{escape(v)}"' for k, v in data.items())
        parts.append(f'<rect x="{i * step + 1:.1f}" y="{HEIGHT - height}" width="{max(step - 2, 1):.1f}" '
                     f'height="{height}" fill="{color}" {attrs} data-count="{value}">'
                     f"<title>{escape(name)}: {value}</title></rect>")
    if values:
        parts.append(f'<text x="0" y="{HEIGHT + 14}">{escape(values[0][0])}</text>')
        parts.append(f'<text x="{len(values) * step:.1f}" y="{HEIGHT + 14}" text-anchor="end">'
                     f"{escape(values[-1][0])}</text>")
    parts.append(f'<text x="0" y="-3">max {top}</text></svg>')
    return "".join(parts)


def _cell(value: object, **data: object) -> str:
    attrs = "".join(f' data-{k.replace("_", "-")}="{escape(str(v))}"' for k, v in data.items())
    return f"<td{attrs}>{escape(str(value))}</td>"


def render_html(report: Report) -> str:
    out = ["<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
           f"<title>Portal archive report - {escape(report.archive)}</title>",
           f"<style>{STYLE}</style></head><body>",
           f"<h1>Portal archive report</h1><p>Archive <code>{escape(report.archive)}</code>, "
           f"generated <time id=\"generated\">{escape(report.generated)}</time>; a portal is silent "
           f"after <span id=\"silent-days\">{report.silent_days}</span> days without a new article.</p>"]

    out.append("<h2>Health</h2><table id=\"health\"><tr><th>portal</th><th>articles</th>"
               "<th>last published</th><th>days without updates</th><th>error rate (last crawl)</th>"
               "<th class=\"flags\">flags</th></tr>")
    for h in report.health:
        rate = f"{h.error_rate:.1%}" if h.error_rate is not None else "-"
        flags = "".join(f'<li class="flag">{escape(f)}</li>' for f in h.flags)
        out.append(f'<tr data-portal="{escape(h.portal)}" class="{"flagged" if h.flags else "ok"}">'
                   + _cell(h.portal) + _cell(h.articles, metric="articles")
                   + _cell(h.last_published or "-", metric="last-published")
                   + _cell(h.days_without_updates if h.days_without_updates is not None else "-",
                           metric="days-without-updates")
                   + _cell(rate, metric="error-rate")
                   + f'<td class="flags" data-metric="flags" data-count="{len(h.flags)}">'
                   + (f"<ul>{flags}</ul>" if flags else "ok") + "</td></tr>")
    out.append("</table>")

    out.append("<h2>Articles per month</h2><p>By publication month; undated articles and dates "
               "flagged as shared by many articles are counted apart.</p><div id=\"per-month\">")
    for portal, months in report.articles_per_month.items():
        keys = sorted(months)
        bars = [(m, months.get(m, 0), {"portal": portal, "month": m}) for m in _months(keys[0], keys[-1])]
        undated = report.undated.get(portal, 0)
        out.append(f'<h3>{escape(portal)} <small>({sum(months.values())} dated, '
                   f'<span data-portal="{escape(portal)}" data-metric="undated">{undated}</span> '
                   f'undated)</small></h3>')
        out.append(_bars(bars, label=f"articles per month, {portal}", color="#3b7dd8"))
    out.append("</div>")

    out.append("<h2>Errors over time</h2><p>Failed fetches and HTTP errors per crawl.</p>")
    out.append(_bars([(f"crawl {r.id} ({r.started[:10]})", r.errors, {"crawl": str(r.id)})
                      for r in report.runs], label="errors per crawl", color="#d84b3b"))

    out.append("<h2>Runs</h2><table id=\"runs\"><tr><th>crawl</th><th>started</th><th>status</th>"
               "<th>seconds</th><th>pages</th><th>new</th><th>changed</th><th>removed</th>"
               "<th>errors</th><th>bytes</th></tr>")
    for run in report.runs:
        removed = sum(p.removed for p in run.portals.values())
        out.append(f'<tr data-crawl="{run.id}">' + _cell(run.id) + _cell(run.started)
                   + _cell(run.status, metric="status") + _cell(f"{run.seconds:.1f}", metric="seconds")
                   + _cell(run.pages, metric="pages") + _cell(run.new, metric="new")
                   + _cell(run.changed, metric="changed") + _cell(removed, metric="removed")
                   + _cell(run.errors, metric="errors") + _cell(run.bytes, metric="bytes") + "</tr>")
        for p in run.portals.values():
            errors = ", ".join(f"{k} {n}" for k, n in sorted(p.errors.items())) or "-"
            out.append(f'<tr data-crawl="{run.id}" data-portal="{escape(p.portal)}">'
                       + _cell(f"  {p.portal}") + "<td></td><td></td><td></td>"
                       + _cell(p.pages, metric="pages") + _cell(p.new, metric="new")
                       + _cell(p.changed, metric="changed") + _cell(p.removed, metric="removed")
                       + _cell(errors, metric="errors")
                       + (_cell(p.bytes, metric="bytes") if p.bytes is not None else "<td></td>") + "</tr>")
    out.append("</table></body></html>")
    return "\n".join(out) + "\n"
