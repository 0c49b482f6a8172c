"""Stage 3, validate: a document's shape against the JSON Schema, as located problems."""
