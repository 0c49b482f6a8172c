"""Speed without staleness: the per-file and per-workspace result cache, and the replay of an identical run."""
