"""The command line: a thin layer over linter.api, with the replay tried first (launch.py)."""
