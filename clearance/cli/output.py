"""Running the typer app so that it ends in one line and a meaningful exit code, whatever happens:
usage errors in one line (not a box of help), output that cannot be written (a closed stdout, a
full disk, an encoding that cannot show an id) as exit 2, a bug of ours as exit 3."""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

from typer import Abort

from clearance.render.escape import shown

try:  # typer 0.2x vendors click; older typer depends on it
    from typer._click.exceptions import ClickException, UsageError
except ImportError:  # pragma: no cover
    from click.exceptions import ClickException, UsageError


class _ClosedOutput:
    """Stands for a standard output the process was started without (`>&-`)."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        """Nothing is buffered."""

    def isatty(self) -> bool:
        return False


def _say(message: str) -> None:
    try:
        sys.stderr.write(f"clearance: {shown(message)}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass  # no stderr either: the exit code still says it


def _usage(error: UsageError) -> int:
    if type(error).__name__ == "NoArgsIsHelpError" and error.ctx is not None:
        sys.stdout.write(error.ctx.get_help() + "\n")
        return 0
    command = error.ctx.command_path if error.ctx is not None else "clearance"
    _say(f"{command}: {error.format_message()} (see '{command} --help')")
    return 2


def _takes_output(app: Any) -> bool:
    """Whether the command on the command line has --output (validate, graph, licenses have not)."""
    try:
        from typer.main import get_command
        name = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
        command = get_command(app).commands.get(name)  # type: ignore[attr-defined]
        return any("--output" in getattr(param, "opts", ()) for param in command.params)
    except Exception:  # no such command, or typer changed: the hint stays as it was
        return True


def _write_failure(error: BaseException, app: Any = None) -> int:
    if isinstance(error, UnicodeEncodeError):
        encoding = getattr(sys.stdout, "encoding", None) or error.encoding
        alternative = ", or write it with --output" if app is None or _takes_output(app) else ""
        _say(f"cannot write the output: the output's encoding ({encoding}) cannot show "
             f"{error.object[error.start:error.end]!r} (set PYTHONIOENCODING=utf-8{alternative})")
    else:
        _say(f"cannot write the output: {(getattr(error, 'strerror', None) or str(error)).lower()}")
    return 2


def _flush_stdout() -> int | None:
    """Flush what is still buffered for stdout; on failure, say so and point stdout at the null
    device so that the interpreter's own flush at exit cannot fail again (exit 120, a traceback)."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
        return None
    except (OSError, ValueError) as error:
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return _write_failure(error)


def run_app(app: Any) -> int:
    """Run `app` (non-standalone, so that every error comes back here) and return its exit code."""
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()  # type: ignore[assignment]
    try:
        code = app(standalone_mode=False, prog_name="clearance")
        code = code if isinstance(code, int) else 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except UsageError as error:
        code = _usage(error)
    except ClickException as error:
        _say(error.format_message())
        code = error.exit_code
    except Abort:
        _say("interrupted")
        code = 130
    except (UnicodeEncodeError, BrokenPipeError) as error:
        code = _write_failure(error, app)
    except OSError as error:
        if error.errno not in (errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG, errno.EPIPE):
            _say(f"internal error, no verdict: OSError: {error}")
            return 3
        code = _write_failure(error)
    except Exception as error:  # a bug of ours: say so in one line, never a traceback
        _say(f"internal error, no verdict: {type(error).__name__}: {error}")
        return 3
    failed = _flush_stdout()
    return failed if failed is not None else code
