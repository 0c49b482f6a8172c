"""Consistency rules (CN): the timing, volume, mechanism, topology, ownership and mappings of an
interface tell one story.

One module per rule, named after its code and name; helpers the family shares are in
``_``-prefixed modules.
"""
