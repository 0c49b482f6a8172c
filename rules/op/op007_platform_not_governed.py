"""OP007 platform-not-governed: Every platform an interface runs on can monitor and alert, and is under
version control with a release pipeline.
"""

from __future__ import annotations

from collections.abc import Iterator

from linter.api import Blueprint, Finding, Rule, Severity

from ._common import PLATFORM_ARTICLE


class PlatformNotGoverned(Rule):
    code = "OP007"
    judges = ("platform",)
    name = "platform-not-governed"
    severity = Severity.INFO
    tags = ("operability", "governance")
    precision = "medium"
    summary = "Every platform an interface runs on can monitor and alert, and is under version control with a release pipeline."
    rationale = f"""
The *Integration strategy and governance checklist* asks to confirm that the platform or middleware can monitor, audit, notify and alert
(item 7) and that every part of it can be handled with ALM and version-control tools (item 9);
{PLATFORM_ARTICLE} names monitoring and alerting and ALM among the middleware selection criteria.
A platform that cannot alert hides every interface that runs on it; one outside ALM drifts from
what was tested. Version control is shown by `alm.repo` or the `version_control` capability, the
release pipeline by `alm.pipeline` or the `alm_pipeline` capability. Only platforms that some
interface runs on are checked.
"""
    how_to_fix = "Add the `monitoring` and `alerting` capabilities the platform really has (or add a monitoring companion), and `alm: {repo: ..., pipeline: ...}`."
    passing_example = """
blueprint_version: 1
platforms:
  - id: MW-LA
    kind: azure_logic_apps
    capabilities: [monitoring, alerting, retry]
    alm: {repo: "https://dev.azure.com/contoso/int/_git/logic-apps", pipeline: logic-apps-release}
interfaces:
  - {id: IF-ORDERS, source: SYS-SHOP, target: SYS-FO, platform: MW-LA}
"""
    failing_example = """
blueprint_version: 1
platforms:
  - {id: MW-LA, kind: azure_logic_apps, capabilities: [retry]}
interfaces:
  - {id: IF-ORDERS, source: SYS-SHOP, target: SYS-FO, platform: MW-LA}
"""

    def check(self, model: Blueprint) -> Iterator[Finding]:
        for platform in model.platforms:
            if not platform.id or not model.has_referrer("platform", platform.id, "interface"):
                continue
            capabilities = set(platform.get_str_list("capabilities"))
            lacking = [c for c in ("monitoring", "alerting") if c not in capabilities]
            if lacking:
                yield Finding.at(
                    platform,
                    "capabilities",
                    f"{platform.label} has no {' and no '.join(lacking)} capability, so failures of the interfaces on it may go unseen",
                )
            missing = []
            if not (platform.has("alm/repo") or "version_control" in capabilities):
                missing.append("repository (alm.repo)")
            if not (platform.has("alm/pipeline") or "alm_pipeline" in capabilities):
                missing.append("release pipeline (alm.pipeline)")
            if missing:
                yield Finding.at(
                    platform, "alm", f"{platform.label} is not under ALM: it has no {' and no '.join(missing)}"
                )
