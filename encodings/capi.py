"""A fast call layer over the few z3 C functions of the analysis's hot path.

Every `z3core.Z3_*` wrapper makes its C call through argument classes whose `from_param` is Python
code, then a second C call (`Z3_get_error_code`, through the same classes) to learn whether the
first failed: in an analysis of a few milliseconds, hundreds of calls pay that twice. The functions
here call the same C functions, in the libz3 z3 loaded (by the addresses of z3core's own function
pointers, which stay as z3core configured them), with plain `ctypes.c_void_p` arguments, whose
conversion is ctypes' own C code. The callers make the same calls with the same arguments in the
same order as z3's wrappers did, so terms, answers, cores and models are the same.

Errors stay errors. Z3 reports one by setting the context's error code (and calling its error
handler, which z3.py sets to do nothing); every call resets the code when it starts. Z3's API
functions, in z3's sources, fail in two ways: a check of the arguments that sets the code and
returns at once, or an exception that `Z3_CATCH_RETURN` turns into the code; both return the
function's error value (NULL for a pointer, `Z3_L_UNDEF` for a truth value, false, 0 or an empty
string). So a result other than the error value shows the call succeeded, and the code is asked
for (`check`, `failed`) only when the result is the error value, which an answer can also be
(a constant the model leaves open, an unknown check, a core of no label). Two kinds of call keep a
check after every call: those without a result (`Z3_solver_assert`) and a term constructor's one
other way to fail, the `check_sorts` that z3's constructor macros run after building a term, which
sets `Z3_SORT_ERROR` and still returns the term: it re-checks the argument sorts `mk_app` has just
checked (and thrown on, returning NULL), so for the Boolean operators used here it cannot fail
after a term was built; the builders rely on that and check NULL only.

Reference counts: the contexts are `Z3_mk_context_rc`, so a new term lives only until the
context's next result unless counted. `term` counts it at once with an unchecked `Z3_inc_ref` (which
cannot fail on a term the context has just returned: it increments a counter) and makes the same
`z3.BoolRef` z3 makes, whose `__del__` releases it through z3's own checked path."""

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
    """`name` of the loaded libz3 with plain argument types (z3core's wrapper keeps the function
    pointer it calls among its defaults, the `Elementaries` of z3core)."""
    source = getattr(z3core, name).__defaults__[-1].f
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
