"""Sub-commands of the ``dabir`` CLI: every module here has ``register(app)`` and is found automatically."""
