"""Raw newspaper pages → clean, attributed `Article` records.

This layer knows newspapers and Chinese text; it imports neither Whoosh nor Flask.
"""
