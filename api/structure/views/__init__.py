"""Endpoints of a structure's host: they act on the host's structure (its schema) only.

One module per resource; thin viewsets: explicit input and output serializers, every write through
``training.services``, the same permission rules as the structure's pages.
"""
