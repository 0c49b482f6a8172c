"""The pipeline run: the engine drives discover, load, validate, model, rules (stage 5) and filter over each workspace."""
