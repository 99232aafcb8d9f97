"""Teaching helpers for the chapters: figures and in-class explorers.

Each chapter imports what it needs by name, e.g. ``from course.slices import slice_explorer``.
"""

SEED = 0
