"""Boolean terms built through z3's C API, for the encodings.

z3's Python constructors (`z3.Or`, `z3.Implies`, `z3.PbEq`...) re-check and re-cast every argument
(its sort, its context, whether it is a probe) before the one C call that builds the term; in an
analysis of a few milliseconds that checking costs more than the building. The encodings know
every argument is a Boolean term of z3's current main context, so these builders make the same C
calls on the same arguments, in the same order: the terms are the very ones z3's constructors
would make (z3 shares equal terms), and so are the solver's answers and cores."""

from __future__ import annotations

import ctypes
from collections.abc import Sequence

import z3
from z3 import z3consts, z3core

_CONSTANTS: dict[bool, z3.BoolRef] = {}


def _context() -> z3.Context:
    return z3.main_ctx()


def _wrap(ast, context: z3.Context) -> z3.BoolRef:
    return z3.BoolRef(ast, context)


def _array(terms: Sequence[z3.BoolRef]):
    array = (z3.Ast * len(terms))()
    for index, term in enumerate(terms):
        array[index] = term.ast
    return array


def constant(value: bool) -> z3.BoolRef:
    """z3's `True` or `False` in the current context, one of each per context: each analysis
    starts a fresh context (`solver.factory.fresh_context`), and terms of two contexts do not mix."""
    context = _context()
    found = _CONSTANTS.get(value)
    if found is None or found.ctx is not context:
        make = z3core.Z3_mk_true if value else z3core.Z3_mk_false
        found = _CONSTANTS[value] = _wrap(make(context.ref()), context)
    return found


def boolean(name: str) -> z3.BoolRef:
    """The Boolean constant called `name` (as `z3.Bool(name)`)."""
    context = _context()
    ref = context.ref()
    symbol = z3core.Z3_mk_string_symbol(ref, name)
    return _wrap(z3core.Z3_mk_const(ref, symbol, z3core.Z3_mk_bool_sort(ref)), context)


def any_of(terms: Sequence[z3.BoolRef]) -> z3.BoolRef:
    """The disjunction of `terms` (as `z3.Or(terms)`: false when there are none)."""
    context = _context()
    return _wrap(z3core.Z3_mk_or(context.ref(), len(terms), _array(terms)), context)


def all_of(terms: Sequence[z3.BoolRef]) -> z3.BoolRef:
    """The conjunction of `terms` (as `z3.And(terms)`: true when there are none)."""
    context = _context()
    return _wrap(z3core.Z3_mk_and(context.ref(), len(terms), _array(terms)), context)


def negation(term: z3.BoolRef) -> z3.BoolRef:
    """`not term` (as `z3.Not(term)`)."""
    context = _context()
    return _wrap(z3core.Z3_mk_not(context.ref(), term.ast), context)


def implies(premise: z3.BoolRef, conclusion: z3.BoolRef) -> z3.BoolRef:
    """`premise => conclusion` (as `z3.Implies(premise, conclusion)`)."""
    context = _context()
    return _wrap(z3core.Z3_mk_implies(context.ref(), premise.ast, conclusion.ast), context)


def exactly_one(terms: Sequence[z3.BoolRef]) -> z3.BoolRef:
    """Exactly one of `terms` holds (as `z3.PbEq([(term, 1) for term in terms], 1)`)."""
    context = _context()
    coefficients = (ctypes.c_int * len(terms))(*([1] * len(terms)))
    return _wrap(z3core.Z3_mk_pbeq(context.ref(), len(terms), _array(terms), coefficients, 1), context)


def true_constants(model: z3.ModelRef, prefix: str) -> frozenset[str]:
    """The names of the Boolean constants starting with `prefix` that are true in `model`."""
    return frozenset(name for name, value in constant_values(model, prefix).items() if value)


def constant_values(model: z3.ModelRef, prefix: str) -> dict[str, bool]:
    """The value in `model` of each Boolean constant starting with `prefix` that the model assigns
    (one pass over the model's constants through the C API, without a Python object for each)."""
    ref, handle = model.ctx.ref(), model.model
    found = {}
    for index in range(z3core.Z3_model_get_num_consts(ref, handle)):
        decl = z3core.Z3_model_get_const_decl(ref, handle, index)
        name = z3core.Z3_get_symbol_string(ref, z3core.Z3_get_decl_name(ref, decl))
        if name.startswith(prefix):
            value = z3core.Z3_model_get_const_interp(ref, handle, decl)
            if value:
                truth = z3core.Z3_get_bool_value(ref, value)
                if truth != z3consts.Z3_L_UNDEF:
                    found[name] = truth == z3consts.Z3_L_TRUE
    return found


def model_size(model: z3.ModelRef) -> int:
    """How many constants `model` assigns."""
    return z3core.Z3_model_get_num_consts(model.ctx.ref(), model.model)


def holds(model: z3.ModelRef, term: z3.BoolRef) -> bool:
    """True when `term` is true in `model`, any constant it leaves open completed (as
    `z3.is_true(model.eval(term, model_completion=True))`)."""
    ref = model.ctx.ref()
    value = (z3.Ast * 1)()
    if not z3core.Z3_model_eval(ref, model.model, term.ast, True, value):
        raise z3.Z3Exception("the model cannot evaluate the term")  # pragma: no cover
    return z3core.Z3_get_bool_value(ref, value[0]) == z3consts.Z3_L_TRUE
