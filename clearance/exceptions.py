"""The errors clearance raises. Each knows the file (and where known, the line)
it is about, so that the command line can print one short message and exit 2."""

from __future__ import annotations


class ClearanceError(Exception):
    """Base class of every error clearance raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, source: str | None = None, line: int | None = None,
                 column: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.hint = hint

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
