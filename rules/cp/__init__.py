"""Completeness rules (CP): goals, interfaces and their ownership state what the design needs to be
judged.

One module per rule, named after its code and name; helpers the family shares are in
``_``-prefixed modules.
"""
