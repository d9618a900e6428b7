"""The structure's writes, one module per domain noun. Each write keeps the network's anonymous
facts in step in the same transaction (``training.facts``); every function takes the ``structure``
whose schema it writes into, and raises ``ValidationError`` with French messages keyed by field.

Import the module that names the rule: ``from training.services.activities import activity_create``.
"""
