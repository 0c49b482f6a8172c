"""The report as one Markdown document for a wiki (GitHub, Azure DevOps): Mermaid diagrams in
``mermaid`` fences, which both render natively; tables for the matrix, the figures and the cards.

A pure function of :class:`~linter.views.report.facts.ReportFacts`; every blueprint string is
escaped for Markdown here (the Mermaid text and mapping tables come escaped from
``linter.views.diagrams``). Anchors are explicit (``<a id="IF-…"></a>``) so links work on every wiki.
"""

from __future__ import annotations

from linter.views import capacity
from linter.views.markup import html_attr, md_code, md_fence, md_table, md_text
from linter.views.report import sections
from linter.views.report.facts import AlmLink, Card, FindingFacts, MatrixRow, ReportFacts, WorkspaceFacts

GAP = "**⚠ missing**"


def _anchor(key: str) -> str:
    return f'<a id="{html_attr(key)}"></a>'


def _link(link: AlmLink, with_ref: bool = True) -> str:
    text = f"**{md_text(link.id)}** {md_text(link.title)}" if link.id else md_text(link.title)
    if link.ref and with_ref:
        text += f" ({md_text(link.ref)})"
    if link.acceptance_criteria:
        text += f"<br>*Acceptance criteria:* {md_text(link.acceptance_criteria)}"
    return text


def _links(links: tuple[AlmLink, ...], with_ref: bool = True) -> str:
    return "<br>".join(_link(link, with_ref) for link in links) if links else GAP


def _matrix(rows: tuple[MatrixRow, ...]) -> list[str]:
    if not rows:
        return ["The blueprint declares no goal and no interface.", ""]
    table = []
    for row in rows:
        goal = f"**{md_text(row.goal)}** {md_text(row.goal_text)}".strip() if row.goal else "**⚠ no goal**"
        process = f"**{md_text(row.process)}** {md_text(row.process_name)}".strip() if row.process else "—"
        if row.interface:
            interface = f"[{md_text(row.interface)}](#{row.interface_anchor})"
            cells = [_links(row.design, False), _links(row.stories, False), _links(row.tests, False)]
        else:
            interface = "**⚠ served by no interface**"
            cells = ["", "", ""]
        gaps = f"**{md_text(', '.join(row.gaps))}**" if row.gaps else "—"
        table.append([goal, process, interface, *cells, gaps])
    header = ["Goal", "Process", "Interface", "Design documents", "User stories", "Test cases", "Gaps"]
    return [*md_table(header, table), ""]


def _systems(space: WorkspaceFacts) -> list[str]:
    if not space.systems:
        return ["The blueprint declares no system.", ""]
    rows = []
    for row in space.systems:
        links = ", ".join(f"[{md_text(i)}](#{a})" for i, a in row.interfaces) or "—"
        kind = md_text(row.type) + (" (platform)" if row.kind == "platform" else "")
        rows.append(
            [
                f"{_anchor(row.anchor)}**{md_text(row.id)}**",
                md_text(row.name),
                kind,
                md_text(row.hosting),
                md_text(row.owner),
                links,
            ]
        )
    return [*md_table(["System", "Name", "Kind", "Hosting", "Owner", "Interfaces"], rows), ""]


def _figures(space: WorkspaceFacts) -> list[str]:
    rows = [
        [
            md_text(figure.label[:1].upper() + figure.label[1:]),
            f"{figure.percent:.0f}%",
            f"{figure.covered} of {figure.total}",
            md_text(", ".join(figure.missing)) if figure.missing else "—",
        ]
        for figure in space.figures
    ]
    return [*md_table(["Figure", "Coverage", "Covered", "Missing"], rows, [False, True, True, False]), ""]


def _finding(finding: FindingFacts) -> list[str]:
    where = f"{finding.file}:{finding.line}:{finding.column}" if finding.file else "blueprint-lint"
    out = [
        f"- **{md_text(finding.code)}** {md_text(finding.message)} ({md_text(finding.name)}), at {md_code(where)}",
    ]
    if finding.excerpt:
        width = len(str(finding.excerpt[-1][0]))
        text = "\n".join(
            f"{'>' if number == finding.line else ' '}{str(number).rjust(width)} | {line.expandtabs(4)}"
            for number, line in finding.excerpt
        )
        out += ["", *("  " + line for line in md_fence(text, "yaml").split("\n"))]
    if finding.summary:
        out += ["", f"  *Rule:* {md_text(finding.summary)}"]
    if finding.how_to_fix:
        out += ["", f"  *How to fix:* {md_text(finding.how_to_fix)}"]
    out.append("")
    return out


def _card(card: Card) -> list[str]:
    title = md_text(card.id) + (f" · {md_text(card.name)}" if card.name else "")
    out = [_anchor(card.anchor), "", f"### {title}", ""]
    rows = [["Systems", f"{md_text(card.source or '?')} → {md_text(card.target or '?')}"]]
    rows += [[md_text(label), md_text(value)] for label, value in card.facts]
    rows.append(["ALM links", _links(card.alm)])
    if card.findings:
        rows.append(["Findings", f"{card.findings} (see [Findings](#findings))"])
    out += [*md_table(["Fact", "Value"], rows), ""]
    for mapping_id, table in card.mappings:
        out += [f"**Field mapping {md_text(mapping_id)}**", "", table.rstrip("\n"), ""]
    if not card.mappings:
        out += ["*No field mapping.*", ""]
    return out


def _workspace(space: WorkspaceFacts, several: bool, prefix: str) -> list[str]:
    suffix = f" · {md_text(space.root)}" if several else ""
    out = [_anchor(prefix + "integration"), "", f"## Integration diagram{suffix}", ""]
    out += [
        "Systems and the interfaces between them; an arrow points the way the data flows.",
        "",
        md_fence(space.integration, "mermaid"),
        "",
    ]
    out += [_anchor(prefix + "systems"), "", f"## Systems and platforms{suffix}", ""]
    out += _systems(space)
    out += [_anchor(prefix + "interactions"), "", f"## Interaction diagrams{suffix}", ""]
    if not space.interactions:
        out += ["The blueprint declares no process.", ""]
    for process_id, name, diagram in space.interactions:
        out += [f"### {md_text(process_id)}{(' · ' + md_text(name)) if name else ''}", ""]
        out += [md_fence(diagram, "mermaid"), ""]
    out += [_anchor(prefix + "traceability"), "", f"## Traceability matrix{suffix}", ""]
    out += [
        "Each business goal, the processes and interfaces that serve it, and their design documents, "
        "user stories and test cases; gaps are marked ⚠.",
        "",
    ]
    out += _matrix(space.matrix)
    out += [_anchor(prefix + "coverage"), "", f"## Coverage{suffix}", ""]
    out += _figures(space)
    out += [_anchor(prefix + "capacity"), "", f"## Capacity{suffix}", ""]
    if space.capacity is not None:
        out += capacity.markdown_lines([space.capacity], level=3)
    out += [_anchor(prefix + "interfaces"), "", f"## Interfaces{suffix}", ""]
    if not space.cards:
        out += ["The blueprint declares no interface.", ""]
    for card in space.cards:
        out += _card(card)
    return out


def render(facts: ReportFacts) -> str:
    title = "Integration blueprint report" + (f": {md_text(facts.title)}" if facts.title else "")
    several = len(facts.workspaces) > 1
    out = [f"# {title}", ""]
    if len(facts.workspaces) == 1 and facts.workspaces[0].description:
        out += [md_text(facts.workspaces[0].description), ""]
    total = sum(count for _, count in facts.severity_counts)
    counts = ", ".join(sections.count_findings(count, severity) for severity, count in facts.severity_counts if count)
    out += [
        f"**Findings:** {counts if total else 'none'}"
        + (f" ({facts.suppressed} suppressed)" if facts.suppressed else ""),
        "",
    ]
    for space in facts.workspaces:
        entities = ", ".join(sections.count(n, kind) for kind, n in space.counts.items())
        out += [f"{md_code(space.root)}: {md_text(entities)}", ""]
    if facts.unloaded:
        out += [_anchor("unloaded"), "", "## Files that could not be loaded", ""]
        out += ["These files were not checked and are missing from the pictures below; fix them first.", ""]
        for finding in facts.unloaded:
            out += _finding(finding)
    out += ["## Contents", ""]
    if facts.unloaded:
        out.append("- [Files that could not be loaded](#unloaded)")
    for index, space in enumerate(facts.workspaces):
        prefix = f"w{index + 1}-" if several else ""
        indent = "  " if several else ""
        if several:
            out.append(f"- {md_text(space.root)}")
        out += [f"{indent}- [{label}](#{prefix}{key})" for key, label in sections.WORKSPACE_SECTIONS]
    out += ["- [Findings](#findings)", "- [About this report](#sources)", ""]
    for index, space in enumerate(facts.workspaces):
        out += _workspace(space, several, f"w{index + 1}-" if several else "")
    out += _findings(facts)
    out += [_anchor("sources"), "", "## About this report", ""]
    out += [
        "Generated by blueprint-lint from the blueprint files listed below; every figure and picture comes "
        "from the same model the rules check.",
        "",
        "Capacity limits:",
        "",
        *(f"- {md_text(note)}" for note in facts.capacity_sources),
        "",
        "Files:",
        "",
        *(f"- {md_code(file)}" for file in facts.files),
    ]
    return "\n".join(out).rstrip("\n") + "\n"


def _findings(facts: ReportFacts) -> list[str]:
    out = [_anchor("findings"), "", "## Findings", ""]
    if not facts.findings:
        out += ["No findings: the blueprint passes every rule that ran.", ""]
    if facts.rule_counts:
        rows = [[md_text(code), md_text(name), str(count)] for code, name, count in facts.rule_counts]
        out += ["**Findings per rule**", "", *md_table(["Rule", "Name", "Findings"], rows, [False, False, True]), ""]
    for severity, files in facts.findings:
        count = sum(len(items) for _, items in files)
        out += [f"### {sections.SEVERITY_TITLES[severity]} ({count})", ""]
        for file, items in files:
            out += [f"#### {md_code(file or 'blueprint-lint')}", ""]
            for finding in items:
                out += _finding(finding)
    return out
