"""Stage 1, discover: which directory is a workspace's root and which files are its spec files."""
