"""Operability rules (OP): error handling, idempotency and dead-lettering, monitoring, owners,
continuity, tests and platform governance.

One module per rule, named after its code and name; helpers the family shares are in
``_``-prefixed modules.
"""
