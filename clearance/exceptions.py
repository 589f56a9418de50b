"""The errors clearance raises. Each knows the file (and where known, the line)
it is about, so that the command line can print one short message and exit 2."""

from __future__ import annotations

from collections.abc import Callable


class ClearanceError(Exception):
    """Base class of every error clearance raises on purpose. A `hint` may be given as a function
    that makes it, called the first time the hint is read: an error that is caught and handled
    (an unknown license read as a custom one, say) then costs no did-you-mean search."""

    exit_code = 2

    def __init__(self, message: str, source: str | None = None, line: int | None = None,
                 column: int | None = None, hint: str | Callable[[], str | None] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.hint = hint

    @property
    def hint(self) -> str | None:
        """What to do about the error, if anything."""
        if callable(self._hint):
            self._hint = self._hint()
        return self._hint

    @hint.setter
    def hint(self, value: str | Callable[[], str | None] | None) -> None:
        self._hint = value

    def __reduce__(self):
        # Sent from a worker process: the hint made, not the function that makes it.
        return self.__class__, self.args, {**self.__dict__, "_hint": self.hint}

    def __str__(self) -> str:
        where = ""
        if self.source:
            where = self.source
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class InputError(ClearanceError):
    """A project file (or a command-line value) that cannot be read or is invalid."""


class KnowledgeBaseError(ClearanceError):
    """The license knowledge base is inconsistent; carries every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the license knowledge base:\n  " + "\n  ".join(problems))
        self.problems = problems


class UnknownLicenseError(InputError):
    """A license id that is neither a canonical id nor an alias."""


class InconclusiveError(ClearanceError):
    """The solver could not decide (timeout or `unknown`): never read as an answer."""

    exit_code = 3
