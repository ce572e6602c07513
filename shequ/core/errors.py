"""Domain errors shared by the apps' services; pages show them as messages, the API as 409."""

__all__ = ["IllegalTransition"]


class IllegalTransition(Exception):
    """The record is not in a state that allows this step (HTTP 409)."""
