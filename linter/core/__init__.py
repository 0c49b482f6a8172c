"""Value types every stage shares (diagnostics, spans, options, results, codes, limits, pointers); imports nothing above it."""
