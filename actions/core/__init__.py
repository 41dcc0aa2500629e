"""The engine every capability plugs into: settings, clock, errors, wording, the turn context,
the registry, forms and dialogue, the pipeline, the outbox, people and the demo seed.

Nothing here imports a capability (tests/test_layout.py says so): capabilities register
themselves with `actions.core.registry` and the engine finds them by walking `actions`.
"""
