"""Stage 6, filter: inline suppressions, per-file ignores and the baseline, after the rules ran."""
