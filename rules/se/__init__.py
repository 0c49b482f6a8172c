"""Security rules (SE): authentication, literal secrets, personal data, classification and transport.

One module per rule, named after its code and name; helpers the family shares are in
``_``-prefixed modules.
"""
