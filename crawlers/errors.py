"""Errors caused by user input. The CLI prints them as one line and exits non-zero.

Every message names the input that was wrong and says what to do about it.
"""


class UserError(Exception):
    """Bad input (portal id, URL, query, date, path...). `str(err)` is the one line shown."""

    exit_code = 2


class ArchiveError(UserError):
    """The archive directory or its index cannot be used (unwritable, corrupt, missing)."""

    exit_code = 3
