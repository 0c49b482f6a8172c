"""Traceability and reference rules (XR): ids resolve and are unique, interfaces trace to goals,
mappings and process sequences agree with the interfaces.

One module per rule, named after its code and name; helpers the family shares are in
``_``-prefixed modules.
"""
