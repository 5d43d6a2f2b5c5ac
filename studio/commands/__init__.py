"""One small module per `studio` sub-command: parse arguments, call the workflow, format.

Each module exposes ``register(subparsers)``; the parser it adds carries ``func`` (taking the
:class:`~studio.commands.context.Context`) and ``writes`` (whether it needs the write lock).
"""
