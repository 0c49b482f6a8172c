"""The rule catalogue: built-in and plugin rules from the entry-point group, and the engine's own diagnostics as rules."""
