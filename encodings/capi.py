"""A fast call layer over the few z3 C functions of the analysis's hot path.

Every `z3core.Z3_*` wrapper makes its C call through argument classes whose `from_param` is Python
code, then a second C call (`Z3_get_error_code`, through the same classes) to learn whether the
first failed: in an analysis of a few milliseconds, hundreds of calls pay that twice. The functions
here are the same C functions of the libz3 z3 loaded (found by the addresses of z3core's own
function pointers, which keep z3core's settings), typed with plain `ctypes.c_void_p` arguments,
whose conversion is ctypes' own C code. The term builders and solver calls make the same calls,
with the same arguments, in the same order as z3's wrappers did, so the terms (and their ids),
answers, cores and models are the same; readers of a model or a core may ask fewer questions than
z3.py's objects did (no term or declaration object per item), none of which creates a term.

Errors stay errors. Z3 reports one by setting the context's error code (and calling its error
handler, which z3.py sets to do nothing); every call resets the code when it starts, so the code
must be read before the next call. In z3's sources an API function fails in one of two ways: a
check of its arguments that sets the code and returns at once, or an exception that
`Z3_CATCH_RETURN` turns into the code; both return the function's error value (NULL for a pointer,
`Z3_L_UNDEF` for a truth value, false, 0 or an empty string). So a result other than the error value
shows that the call succeeded, and the code is read (`check`, `failed`) only when the result is the
error value, which a true answer can also be (a constant the model leaves open, an unknown check, a
core of no literal): then the code tells the two apart. Two cases are different:
- a call without a result (`Z3_solver_assert`) has its code read after every call;
- z3's term-constructor macros run `check_sorts` on the term they have just built, which can set
  `Z3_SORT_ERROR` and still return the term. It re-checks the argument sorts that `mk_app` checked
  before building (throwing, so returning NULL, on a mismatch), so for the Boolean operators used
  here (not, and, or, =>, the pseudo-Boolean equality) it cannot fail once a term is built, and the
  builders check for NULL only. An argument of another context or of another sort is refused by
  that first check (each context has its own Bool sort): the tests hold both to an exception.

Reference counts: the contexts are `Z3_mk_context_rc`, so a new term lives only until the
context's next result unless counted. `term` counts it at once with an unchecked `Z3_inc_ref`,
which cannot fail on a term the context has just returned (it increments a counter), and makes
the very `z3.BoolRef` z3 makes, whose `__del__` releases it through z3's own checked path (a
wrapper class of our own with an unchecked release saved 0.4 % of an analysis: not worth a type
that is not z3's)."""

from __future__ import annotations

import ctypes
from typing import NoReturn

import z3
from z3 import z3core

_P = ctypes.c_void_p
_UINT = ctypes.c_uint
_AST = z3.Ast  # z3's own class of term pointers: the result is the object z3's wrappers return
_SOURCES: list = []  # z3core's function pointers behind ours: they keep the library loaded


def _bind(name: str, restype, *argtypes):
    """`name` of the loaded libz3 with plain argument types. z3core keeps the library as `_lib`
    in some releases and deletes it in others (5.4); each wrapper keeps the function pointer it
    calls among its defaults (z3core's `Elementaries`)."""
    library = getattr(z3core, "_lib", None)
    source = getattr(library, name) if library is not None else getattr(z3core, name).__defaults__[-1].f
    _SOURCES.append(source)
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(source, _P).value)


_error_code = _bind("Z3_get_error_code", _UINT, _P)
_error_message = _bind("Z3_get_error_msg", ctypes.c_char_p, _P, _UINT)

inc_ref = _bind("Z3_inc_ref", None, _P, _P)
mk_true = _bind("Z3_mk_true", _AST, _P)
mk_false = _bind("Z3_mk_false", _AST, _P)
mk_string_symbol = _bind("Z3_mk_string_symbol", _P, _P, ctypes.c_char_p)
mk_bool_sort = _bind("Z3_mk_bool_sort", _P, _P)
mk_const = _bind("Z3_mk_const", _AST, _P, _P, _P)
mk_or = _bind("Z3_mk_or", _AST, _P, _UINT, _P)
mk_and = _bind("Z3_mk_and", _AST, _P, _UINT, _P)
mk_not = _bind("Z3_mk_not", _AST, _P, _P)
mk_implies = _bind("Z3_mk_implies", _AST, _P, _P, _P)
mk_pbeq = _bind("Z3_mk_pbeq", _AST, _P, _UINT, _P, _P, ctypes.c_int)

model_get_num_consts = _bind("Z3_model_get_num_consts", _UINT, _P, _P)
model_get_const_decl = _bind("Z3_model_get_const_decl", _P, _P, _P, _UINT)
model_get_const_interp = _bind("Z3_model_get_const_interp", _P, _P, _P, _P)
model_eval = _bind("Z3_model_eval", ctypes.c_bool, _P, _P, _P, ctypes.c_bool, _P)
get_decl_name = _bind("Z3_get_decl_name", _P, _P, _P)
get_symbol_string = _bind("Z3_get_symbol_string", ctypes.c_char_p, _P, _P)
get_bool_value = _bind("Z3_get_bool_value", ctypes.c_int, _P, _P)
get_app_decl = _bind("Z3_get_app_decl", _P, _P, _P)

solver_assert = _bind("Z3_solver_assert", None, _P, _P, _P)
solver_get_unsat_core = _bind("Z3_solver_get_unsat_core", _P, _P, _P)
ast_vector_inc_ref = _bind("Z3_ast_vector_inc_ref", None, _P, _P)
ast_vector_dec_ref = _bind("Z3_ast_vector_dec_ref", None, _P, _P)
ast_vector_size = _bind("Z3_ast_vector_size", _UINT, _P, _P)
ast_vector_get = _bind("Z3_ast_vector_get", _P, _P, _P, _UINT)
# A check can take long: ctypes releases the GIL around each of these calls, as z3core's do.
solver_check_assumptions = _bind("Z3_solver_check_assumptions", ctypes.c_int, _P, _P, _UINT, _P)
interrupt = _bind("Z3_interrupt", None, _P)  # from another thread: stops the context's running check


def check(ref) -> None:
    """Raise z3's exception (with z3's message, as its wrappers do) when the last call on the
    context `ref` failed."""
    code = _error_code(ref)
    if code != z3.Z3_OK:
        raise z3.Z3Exception(_error_message(ref, code))


def failed(ref, what: str) -> NoReturn:
    """Raise for a call `what` that returned its error value where no answer can be that value."""
    check(ref)
    raise z3.Z3Exception(f"{what} returned no result")


_new = object.__new__
_BoolRef = z3.BoolRef


def term(ast, context: z3.Context) -> z3.BoolRef:
    """The `z3.BoolRef` of `ast`, a Boolean term `context` has just returned (not NULL), counted
    as `z3.BoolRef(ast, context)` counts it."""
    wrapper = _new(_BoolRef)
    wrapper.ast = ast
    wrapper.ctx = context
    inc_ref(context.ctx, ast)
    return wrapper


def symbol_name(ref, symbol) -> str:
    """The string of `symbol` (a string symbol), as z3core's `Z3_get_symbol_string` reads it."""
    name = get_symbol_string(ref, symbol)
    if not name:
        check(ref)
        return ""
    return name.decode()


def decl_name(ref, decl) -> str:
    """The name of the declaration `decl` (a string symbol), as z3's `decl().name()` reads it."""
    symbol = get_decl_name(ref, decl)
    if not symbol:
        check(ref)
    return symbol_name(ref, symbol)
