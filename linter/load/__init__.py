"""Stage 2, load: a file's text to located data, once (the fast loader, or the reference loader it must equal)."""
