"""Stage 4, the model: a workspace's entities indexed by id, references resolved; and the rule contract that reads it."""
