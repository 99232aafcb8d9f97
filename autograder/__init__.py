"""Checks students' partial-derivative functions against reference gradients."""
