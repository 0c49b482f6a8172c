"""The report as one self-contained HTML page: inline stylesheet (with a print stylesheet), inline
SVG diagrams, no script, no external resource, so it opens offline and makes no network request.

A pure function of :class:`~linter.views.report.facts.ReportFacts`; every blueprint string is
escaped here (the SVG diagrams and mapping tables come escaped from ``linter.views.diagrams``).
"""

from __future__ import annotations

from linter.views import capacity
from linter.views.markup import anchor, html_attr, html_table, html_text
from linter.views.report import sections
from linter.views.report.facts import AlmLink, Card, FindingFacts, MatrixRow, ReportFacts, WorkspaceFacts

STYLE = """
:root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --band: #f5f7fa; --accent: #0b5cad;
  --error: #b42318; --error-bg: #fdecea; --warning: #8a5a00; --warning-bg: #fff4d6;
  --info: #1f5f99; --info-bg: #e8f1fb; --gap-bg: #fff4d6; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 22px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 18px; margin: 28px 0 8px; }
h4 { font-size: 15px; margin: 16px 0 6px; }
p.lead { color: var(--muted); margin: 0 0 16px; }
a { color: var(--accent); }
nav.toc { background: var(--band); border: 1px solid var(--line); border-radius: 6px; padding: 12px 20px; }
nav.toc ol { margin: 4px 0; padding-left: 20px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13.5px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.gap { background: var(--gap-bg); }
.id { white-space: nowrap; }
.bar + span { display: inline-block; min-width: 3.2em; }
.gap-note { color: var(--warning); font-weight: 600; }
.muted { color: var(--muted); }
.caption { font-weight: 600; margin: 16px 0 4px; }
.diagram { border: 1px solid var(--line); border-radius: 6px; padding: 12px; overflow-x: auto; background: #fff; }
/* Diagrams keep their drawn size on screen (the box scrolls), so labels stay legible; print fits them. */
.diagram svg { display: block; max-width: none; height: auto; }
.summary { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.pill { border-radius: 999px; padding: 2px 12px; font-weight: 600; font-size: 13px; }
.sev-error { color: var(--error); background: var(--error-bg); }
.sev-warning { color: var(--warning); background: var(--warning-bg); }
.sev-info { color: var(--info); background: var(--info-bg); }
.ok { color: #1e7b34; background: #e6f4ea; }
.bar { display: inline-block; width: 120px; height: 10px; background: var(--line); border-radius: 5px;
  vertical-align: middle; margin-right: 8px; overflow: hidden; }
.bar > span { display: block; height: 100%; background: var(--accent); }
.finding { border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 4px;
  padding: 8px 12px; margin: 8px 0; }
.finding.error { border-left-color: var(--error); }
.finding.warning { border-left-color: var(--warning); }
.finding.info { border-left-color: var(--info); }
.finding .where { color: var(--muted); font-size: 13px; }
pre.excerpt { background: var(--band); border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px;
  margin: 6px 0; overflow-x: auto; font: 12.5px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
pre.excerpt .ln { color: var(--muted); user-select: none; }
pre.excerpt .hit { background: var(--warning-bg); display: inline-block; min-width: 100%; }
.help { font-size: 13.5px; margin: 4px 0 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 16px 0;
  break-inside: avoid; }
.card.marked { border-color: var(--error); }
.card h3 { margin-top: 0; }
.card table.facts th { width: 210px; }
code { font: 12.5px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: var(--band);
  padding: 0 3px; border-radius: 3px; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  .diagram, .card, .finding, table, pre.excerpt { break-inside: avoid; }
  .diagram { border: none; padding: 0; overflow: visible; }
  .diagram svg { max-width: 100%; }
  pre.excerpt { white-space: pre-wrap; }
}
"""


def _link(link: AlmLink, with_ref: bool = True) -> str:
    title = html_text(link.title or link.id)
    label = f'<strong class="id">{html_text(link.id)}</strong> {title}' if link.id else title
    if link.ref and with_ref:
        label += f' <span class="muted">({html_text(link.ref)})</span>'
    if link.acceptance_criteria:
        label += f"<br><em>Acceptance criteria:</em> {html_text(link.acceptance_criteria)}"
    return label


def _links(links: tuple[AlmLink, ...], gap: str) -> tuple[str, bool]:
    if not links:
        return f'<span class="gap-note">{html_text(gap)}</span>', True
    return "<br>".join(_link(link, with_ref=False) for link in links), False


def _matrix(rows: tuple[MatrixRow, ...]) -> list[str]:
    if not rows:
        return ["<p>The blueprint declares no goal and no interface.</p>"]
    out = ['<table class="matrix">', "<thead><tr>"]
    out.append(
        "<th>Goal</th><th>Process</th><th>Interface</th><th>Design documents</th>"
        "<th>User stories and acceptance criteria</th><th>Test cases</th><th>Gaps</th>"
    )
    out += ["</tr></thead>", "<tbody>"]
    for row in rows:
        cells = []
        if row.goal:
            text = f'<strong class="id">{html_text(row.goal)}</strong>'
            if row.goal_text:
                text += f"<br>{html_text(row.goal_text)}"
            cells.append(f"<td>{text}</td>")
        else:
            cells.append('<td class="gap"><span class="gap-note">no goal</span></td>')
        if row.process:
            cells.append(
                f'<td><strong class="id">{html_text(row.process)}</strong><br>{html_text(row.process_name)}</td>'
            )
        else:
            cells.append(f"<td{' class=' + chr(34) + 'gap' + chr(34) if row.interface else ''}>&mdash;</td>")
        if row.interface:
            cells.append(
                f'<td><a class="id" href="#{html_attr(row.interface_anchor)}">{html_text(row.interface)}</a></td>'
            )
            for links, gap in ((row.design, "none"), (row.stories, "none"), (row.tests, "none")):
                text, missing = _links(links, gap)
                cells.append(f"<td{' class=' + chr(34) + 'gap' + chr(34) if missing else ''}>{text}</td>")
        else:
            cells.append('<td class="gap"><span class="gap-note">served by no interface</span></td>')
            cells += ["<td></td>", "<td></td>", "<td></td>"]
        gaps = ", ".join(row.gaps)
        cells.append(f"<td{' class=' + chr(34) + 'gap' + chr(34) if gaps else ''}>{html_text(gaps) or '&mdash;'}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


def _systems(space: WorkspaceFacts) -> list[str]:
    if not space.systems:
        return ["<p>The blueprint declares no system.</p>"]
    out = ['<table class="systems">', "<thead><tr>"]
    out.append("<th>System</th><th>Name</th><th>Kind</th><th>Hosting</th><th>Owner</th><th>Interfaces</th>")
    out += ["</tr></thead>", "<tbody>"]
    for row in space.systems:
        links = ", ".join(f'<a class="id" href="#{html_attr(a)}">{html_text(i)}</a>' for i, a in row.interfaces)
        kind = html_text(row.type) + (" (platform)" if row.kind == "platform" else "")
        out.append(
            f'<tr id="{html_attr(row.anchor)}"><td class="id"><strong>{html_text(row.id)}</strong></td>'
            f"<td>{html_text(row.name)}</td><td>{kind}</td><td>{html_text(row.hosting)}</td>"
            f"<td>{html_text(row.owner)}</td><td>{links or '&mdash;'}</td></tr>"
        )
    out += ["</tbody>", "</table>"]
    return out


def _figures(space: WorkspaceFacts) -> list[str]:
    rows = []
    for figure in space.figures:
        percent = figure.percent
        bar = f'<span class="bar"><span style="width:{percent:.0f}%"></span></span>'
        missing = ", ".join(figure.missing)
        rows.append(
            [
                html_text(figure.label[:1].upper() + figure.label[1:]),
                f"{bar}<span>{percent:.0f}%</span>",
                f"{figure.covered} of {figure.total}",
                html_text(missing) if missing else "&mdash;",
            ]
        )
    return html_table(["Figure", "Coverage", "Covered", "Missing"], rows, [False, True, True, False], css="figures")


def _excerpt(finding: FindingFacts) -> list[str]:
    if not finding.excerpt:
        return []
    width = len(str(finding.excerpt[-1][0]))
    lines = []
    for number, text in finding.excerpt:
        line = f'<span class="ln">{str(number).rjust(width)} |</span> {html_text(text.expandtabs(4))}'
        lines.append(f'<span class="hit">{line}</span>' if number == finding.line else line)
    return ['<pre class="excerpt">' + "\n".join(lines) + "</pre>"]


def _finding(finding: FindingFacts) -> list[str]:
    where = f"{finding.file}:{finding.line}:{finding.column}" if finding.file else "blueprint-lint"
    out = [f'<div class="finding {html_attr(finding.severity)}">']
    out.append(
        f'<div><span class="pill sev-{html_attr(finding.severity)}">{html_text(finding.severity)}</span> '
        f"<strong>{html_text(finding.code)}</strong> {html_text(finding.message)} "
        f'<span class="muted">[{html_text(finding.name)}]</span></div>'
    )
    out.append(f'<div class="where">{html_text(where)}</div>')
    out += _excerpt(finding)
    if finding.summary:
        out.append(f'<p class="help"><strong>Rule:</strong> {html_text(finding.summary)}</p>')
    if finding.how_to_fix:
        out.append(f'<p class="help"><strong>How to fix:</strong> {html_text(finding.how_to_fix)}</p>')
    out.append("</div>")
    return out


def _card(card: Card) -> list[str]:
    marked = " marked" if card.marked else ""
    out = [f'<section class="card{marked}" id="{html_attr(card.anchor)}">']
    title = html_text(card.id) + (f" &middot; {html_text(card.name)}" if card.name else "")
    out.append(f"<h3>{title}</h3>")
    out.append('<table class="facts"><tbody>')
    out.append(
        f"<tr><th>Systems</th><td>{html_text(card.source or '?')} &rarr; {html_text(card.target or '?')}</td></tr>"
    )
    # The labels are the report's own (facts.CARD_FIELDS), never the blueprint's: no escape needed.
    out += [f"<tr><th>{label}</th><td>{html_text(value)}</td></tr>" for label, value in card.facts]
    if card.alm:
        out.append(f"<tr><th>ALM links</th><td>{'<br>'.join(_link(link) for link in card.alm)}</td></tr>")
    else:
        out.append('<tr><th>ALM links</th><td><span class="gap-note">none</span></td></tr>')
    if card.findings:
        out.append(f'<tr><th>Findings</th><td>{card.findings} (see <a href="#findings">Findings</a>)</td></tr>')
    out.append("</tbody></table>")
    for mapping_id, table in card.mappings:
        out.append(f'<p class="caption">Field mapping {html_text(mapping_id)}</p>')
        out.append(table)
    if not card.mappings:
        out.append('<p><span class="gap-note">No field mapping.</span></p>')
    out.append("</section>")
    return out


def _workspace(space: WorkspaceFacts, heading: str, prefix: str) -> list[str]:
    out: list[str] = []
    suffix = f" &middot; {html_text(space.root)}" if heading else ""
    out.append(f'<h2 id="{prefix}integration">Integration diagram{suffix}</h2>')
    out.append(
        '<p class="lead">Systems and the interfaces between them; an arrow points the way the data flows. '
        "Select an interface to open its card.</p>"
    )
    out.append(f'<div class="diagram integration">{space.integration}</div>')
    out.append(f'<h2 id="{prefix}systems">Systems and platforms{suffix}</h2>')
    out += _systems(space)
    out.append(f'<h2 id="{prefix}interactions">Interaction diagrams{suffix}</h2>')
    if not space.interactions:
        out.append("<p>The blueprint declares no process.</p>")
    for process_id, name, diagram in space.interactions:
        out.append(f"<h3>{html_text(process_id)}{(' &middot; ' + html_text(name)) if name else ''}</h3>")
        out.append(f'<div class="diagram interaction">{diagram}</div>')
    out.append(f'<h2 id="{prefix}traceability">Traceability matrix{suffix}</h2>')
    out.append(
        '<p class="lead">Each business goal, the processes and interfaces that serve it, and their design '
        "documents, user stories and test cases. Highlighted cells are gaps.</p>"
    )
    out += _matrix(space.matrix)
    out.append(f'<h2 id="{prefix}coverage">Coverage{suffix}</h2>')
    out += _figures(space)
    out.append(f'<h2 id="{prefix}capacity">Capacity{suffix}</h2>')
    if space.capacity is not None:
        out += capacity.html_lines([space.capacity], level=3)
    out.append(f'<h2 id="{prefix}interfaces">Interfaces{suffix}</h2>')
    if not space.cards:
        out.append("<p>The blueprint declares no interface.</p>")
    for card in space.cards:
        out += _card(card)
    return out


def render(facts: ReportFacts) -> str:
    title = "Integration blueprint report" + (f": {facts.title}" if facts.title else "")
    several = len(facts.workspaces) > 1
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Belt and braces: the page needs nothing from outside, and says so to the browser.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'\">",
        f"<title>{html_text(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{html_text(title)}</h1>",
    ]
    if len(facts.workspaces) == 1 and facts.workspaces[0].description:
        out.append(f'<p class="lead">{html_text(facts.workspaces[0].description)}</p>')
    out += _overview(facts)
    if facts.unloaded:
        out.append('<h2 id="unloaded">Files that could not be loaded</h2>')
        out.append("<p>These files were not checked and are missing from the pictures below; fix them first.</p>")
        for finding in facts.unloaded:
            out += _finding(finding)
    out += _toc(facts)
    for index, space in enumerate(facts.workspaces):
        prefix = f"w{index + 1}-" if several else ""
        out += _workspace(space, space.root if several else "", prefix)
    out += _findings(facts)
    out.append('<h2 id="sources">About this report</h2>')
    out.append(
        "<p>Generated by blueprint-lint from the blueprint files listed below; every figure and picture "
        "comes from the same model the rules check.</p>"
    )
    out.append('<p class="caption">Capacity limits</p>')
    out += ["<ul>", *(f"<li>{html_text(note)}</li>" for note in facts.capacity_sources), "</ul>"]
    out.append('<p class="caption">Files</p>')
    out += ["<ul>", *(f"<li><code>{html_text(file)}</code></li>" for file in facts.files), "</ul>"]
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _overview(facts: ReportFacts) -> list[str]:
    out = ['<div class="summary">']
    for severity, count in facts.severity_counts:
        if count:
            out.append(
                f'<span class="pill sev-{severity}">{html_text(sections.count_findings(count, severity))}</span>'
            )
    if not any(count for _, count in facts.severity_counts):
        out.append('<span class="pill ok">no findings</span>')
    if facts.suppressed:
        out.append(f'<span class="pill">{facts.suppressed} suppressed</span>')
    out.append("</div>")
    for space in facts.workspaces:
        counts = ", ".join(sections.count(n, kind) for kind, n in space.counts.items())
        out.append(f'<p class="muted">{html_text(space.root)}: {html_text(counts)}</p>')
    return out


def _toc(facts: ReportFacts) -> list[str]:
    out = ['<nav class="toc" aria-label="Contents">', "<strong>Contents</strong>", "<ol>"]
    if facts.unloaded:
        out.append('<li><a href="#unloaded">Files that could not be loaded</a></li>')
    several = len(facts.workspaces) > 1
    for index, space in enumerate(facts.workspaces):
        prefix = f"w{index + 1}-" if several else ""
        items = [
            f'<li><a href="#{prefix}{key}">{html_text(label)}</a></li>' for key, label in sections.WORKSPACE_SECTIONS
        ]
        if several:
            out.append(f"<li>{html_text(space.root)}<ol>{''.join(items)}</ol></li>")
        else:
            out += items
    out.append('<li><a href="#findings">Findings</a></li>')
    out.append('<li><a href="#sources">About this report</a></li>')
    out += ["</ol>", "</nav>"]
    return out


def _findings(facts: ReportFacts) -> list[str]:
    out = ['<h2 id="findings">Findings</h2>']
    if not facts.findings:
        out.append("<p>No findings: the blueprint passes every rule that ran.</p>")
    if facts.rule_counts:
        out.append('<p class="caption">Findings per rule</p>')
        rows = [[html_text(code), html_text(name), str(count)] for code, name, count in facts.rule_counts]
        out += html_table(["Rule", "Name", "Findings"], rows, [False, False, True])
    for severity, files in facts.findings:
        count = sum(len(items) for _, items in files)
        out.append(
            f'<h3 id="findings-{anchor(severity)}">{html_text(sections.SEVERITY_TITLES[severity])} ({count})</h3>'
        )
        for file, items in files:
            out.append(f"<h4><code>{html_text(file or 'blueprint-lint')}</code></h4>")
            for finding in items:
                out += _finding(finding)
    return out
