"""Placeholder until this command group is built."""

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `insights` app."""
