"""Text the volume-fit consistency rules (CN001, CN006, CN007) share."""

from __future__ import annotations

CHALLENGES_ARTICLE = "*Overcome integration challenges in Dynamics 365 projects*"
NORMALISATION = (
    "Volumes are compared per hour: a count per minute, day, week or month (30 days) is spread "
    "evenly; a count per run is spread over the run when `expected_duration` or `frequency.window` "
    "says it lasts longer than an hour, and otherwise counts whole in one hour (times the runs per "
    "hour when `frequency.interval` is shorter than an hour). The peak is used, or the average when "
    "no peak is stated."
)
