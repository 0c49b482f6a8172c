"""The Azure Pipelines run a report is written in, from the pipeline's predefined variables.

GitHub Advanced Security for Azure DevOps (GHAzDO) files SARIF results under the build definition
and job that produced them, and rejects a run whose ``automationDetails`` does not name them
(the SARIF Multitool's Azure DevOps rule set, ``validate --rule-kind Ado``: GHAzDO1014, 1019, 1020).
Only the pipeline knows those values, so they are read here from its environment, the variables
and the rules Microsoft's own SARIF emitter uses (``Sarif.Multitool`` ``AdoPipelineContext``):
detection is gated on ``TF_BUILD=True``; with none of the variables set nothing is stamped; with
some set but others missing or malformed the identity is incomplete and unusable, and the SARIF
reporter says so rather than write half an identity.

A pure function of the mapping it is given (the CLI passes ``os.environ``); every variable read
here is also part of the replay cache's key (``linter.cache.replay.ENV_INPUTS``), since the build
id changes with every run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

AUTOMATION_ID_PREFIX = "azuredevops/pipeline/build/"
PROPERTY_PREFIX = "azuredevops/pipeline/build/"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_INTEGER = re.compile(r"^-?[0-9]+$")
_INT32 = range(-(2**31), 2**31)


@dataclass(frozen=True)
class AzurePipeline:
    """A pipeline job's identity as GHAzDO reads it; ``problems`` says why it is unusable (empty
    when every value is present and well formed)."""

    organization: str = ""
    project_id: str = ""
    definition_id: int = 0
    definition_name: str = ""
    phase_id: str = ""
    phase_name: str = ""
    branch: str = ""
    build_id: int = 0
    problems: tuple[str, ...] = ()

    @property
    def automation_id(self) -> str:
        """``azuredevops/pipeline/build/<org>/<project id>/<definition id>/<phase id>/<branch>/<build id>``."""
        parts = (self.organization, self.project_id, self.definition_id, self.phase_id, self.branch, self.build_id)
        return AUTOMATION_ID_PREFIX + "/".join(str(part) for part in parts)

    def properties(self) -> dict[str, str]:
        """The four ``automationDetails.properties`` GHAzDO requires (GHAzDO1019)."""
        return {
            PROPERTY_PREFIX + "buildDefinitionId": str(self.definition_id),
            PROPERTY_PREFIX + "buildDefinitionName": self.definition_name,
            PROPERTY_PREFIX + "phaseId": self.phase_id,
            PROPERTY_PREFIX + "phaseName": self.phase_name,
        }


def azure_pipeline(environ: Mapping[str, str]) -> AzurePipeline | None:
    """The Azure Pipelines job this process runs in, or None outside one."""
    if environ.get("TF_BUILD", "").strip().lower() != "true":
        return None
    collection = environ.get("SYSTEM_COLLECTIONURI", "").strip()
    project = environ.get("SYSTEM_TEAMPROJECTID", "").strip()
    definition = environ.get("BUILD_DEFINITIONID", "").strip()
    definition_fallback = environ.get("SYSTEM_DEFINITIONID", "").strip()
    definition_name = environ.get("BUILD_DEFINITIONNAME", "").strip()
    build = environ.get("BUILD_BUILDID", "").strip()
    phase = environ.get("SYSTEM_PHASEID", "").strip()
    phase_fallback = environ.get("SYSTEM_JOBID", "").strip()
    phase_name = environ.get("SYSTEM_PHASENAME", "").strip() or environ.get("SYSTEM_JOBNAME", "").strip()
    branch = environ.get("BUILD_SOURCEBRANCH", "").strip()
    given = (collection, project, definition, definition_fallback, definition_name, build, phase, phase_fallback)
    if not any((*given, phase_name, branch)):
        return None  # TF_BUILD alone (a local shell that copied it): not a pipeline job

    problems: list[str] = []
    organization = _organization(collection, problems)
    project_id = _guid("SYSTEM_TEAMPROJECTID", project, problems)
    definition_id = _definition_id(definition, definition_fallback, problems)
    build_id = _integer("BUILD_BUILDID", build, problems, sentinel=False)
    phase_id = _guid("SYSTEM_PHASEID" if phase else "SYSTEM_JOBID", phase or phase_fallback, problems, "SYSTEM_PHASEID")
    for name, value in (
        ("BUILD_DEFINITIONNAME", definition_name),
        ("SYSTEM_PHASENAME", phase_name),
        ("BUILD_SOURCEBRANCH", branch),
    ):
        if not value:
            problems.append(f"{name} is not set")
    return AzurePipeline(
        organization=organization,
        project_id=project_id,
        definition_id=definition_id,
        definition_name=definition_name,
        phase_id=phase_id,
        phase_name=phase_name,
        branch=branch,
        build_id=build_id,
        problems=tuple(problems),
    )


# Values are never repeated in the problems: they are printed in the pipeline's log.
def _organization(uri: str, problems: list[str]) -> str:
    """The organisation from ``SYSTEM_COLLECTIONURI``: ``https://dev.azure.com/<org>/`` or
    ``https://<org>.visualstudio.com/`` (and their ``vsrm`` release-management forms)."""
    if not uri:
        problems.append("SYSTEM_COLLECTIONURI is not set")
        return ""
    try:
        parts = urlsplit(uri)
        scheme, host, path = parts.scheme, (parts.hostname or "").lower(), parts.path
    except ValueError:
        scheme, host, path = "", "", ""
    if scheme in ("http", "https") and host in ("dev.azure.com", "vsrm.dev.azure.com"):
        first = path.strip("/").split("/")[0]
        if first:
            return first
    elif scheme in ("http", "https") and host.endswith(".visualstudio.com"):
        organization = host.removesuffix(".visualstudio.com").removesuffix(".vsrm")
        if organization and "." not in organization:
            return organization
    problems.append("SYSTEM_COLLECTIONURI is not an Azure DevOps Services organisation URL (dev.azure.com/<org>)")
    return ""


def _guid(name: str, value: str, problems: list[str], required_as: str = "") -> str:
    if not value:
        problems.append(f"{required_as or name} is not set")
        return ""
    if not _GUID.match(value) or set(value) <= {"0", "-"}:
        problems.append(f"{name} is not a GUID (8-4-4-4-12 hexadecimal digits, not all zero)")
        return ""
    return value.lower()


def _integer(name: str, value: str, problems: list[str], *, sentinel: bool) -> int:
    if not value:
        problems.append(f"{name} is not set")
        return 0
    number = int(value) if _INTEGER.match(value) else 0
    if number not in _INT32 or not (number > 0 or (sentinel and number == -1)):
        problems.append(f"{name} is not a positive integer" + (" (or -1)" if sentinel else ""))
        return 0
    return number


def _definition_id(primary: str, fallback: str, problems: list[str]) -> int:
    """``BUILD_DEFINITIONID``, else ``SYSTEM_DEFINITIONID`` (both name the definition: they must agree)."""
    name = "BUILD_DEFINITIONID" if primary or not fallback else "SYSTEM_DEFINITIONID"
    number = _integer(name, primary or fallback, problems, sentinel=True)
    if number and primary and fallback and (not _INTEGER.match(fallback) or int(fallback) != number):
        problems.append("BUILD_DEFINITIONID and SYSTEM_DEFINITIONID disagree")
        return 0
    return number
