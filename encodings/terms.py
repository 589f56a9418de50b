"""Boolean terms built through z3's C API, for the encodings.

z3's Python constructors (`z3.Or`, `z3.Implies`, `z3.PbEq`...) re-check and re-cast every argument
(its sort, its context, whether it is a probe) before the one C call that builds the term; in an
analysis of a few milliseconds that checking costs more than the building. The encodings know
every argument is a Boolean term of z3's current main context, so these builders make the same C
calls on the same arguments, in the same order: the terms are the very ones z3's constructors
would make (z3 shares equal terms), and so are the solver's answers and cores. The calls go through
`capi`, which skips z3core's second call per call (its error check) where the result shows success;
an argument z3 refuses (of another context, not Boolean) still raises z3's exception."""

from __future__ import annotations

import ctypes
from collections.abc import Sequence

import z3
from z3 import z3consts

from clearance.encodings import capi
from clearance.encodings.capi import term

_CONSTANTS: dict[bool, z3.BoolRef] = {}
_ONES: dict[int, ctypes.Array] = {}  # the coefficients of exactly_one, by count: z3 only reads them
_TRUE, _UNDEF = z3consts.Z3_L_TRUE, z3consts.Z3_L_UNDEF


def _context() -> z3.Context:
    return z3.main_ctx()


def _array(terms: Sequence[z3.BoolRef]):
    return (z3.Ast * len(terms))(*[term.ast for term in terms])


def _made(ast, context: z3.Context, what: str) -> z3.BoolRef:
    """The term `what` (a constructor's name) returned: NULL only when it failed."""
    if not ast:
        capi.failed(context.ref(), what)
    return term(ast, context)


def constant(value: bool) -> z3.BoolRef:
    """z3's `True` or `False` in the current context, one of each per context: each analysis
    starts a fresh context (`solver.factory.fresh_context`), and terms of two contexts do not mix."""
    context = _context()
    found = _CONSTANTS.get(value)
    if found is None or found.ctx is not context:
        ast = (capi.mk_true if value else capi.mk_false)(context.ref())
        found = _CONSTANTS[value] = _made(ast, context, "Z3_mk_true" if value else "Z3_mk_false")
    return found


def boolean(name: str) -> z3.BoolRef:
    """The Boolean constant called `name` (as `z3.Bool(name)`)."""
    context = _context()
    ref = context.ref()
    symbol = capi.mk_string_symbol(ref, name.encode())
    if not symbol:
        capi.check(ref)  # or the empty name's symbol
    sort = capi.mk_bool_sort(ref)
    if not sort:
        capi.failed(ref, "Z3_mk_bool_sort")
    return _made(capi.mk_const(ref, symbol, sort), context, "Z3_mk_const")


def any_of(terms: Sequence[z3.BoolRef]) -> z3.BoolRef:
    """The disjunction of `terms` (as `z3.Or(terms)`: false when there are none)."""
    context = _context()
    ref = context.ref()
    return _made(capi.mk_or(ref, len(terms), _array(terms)), context, "Z3_mk_or")


def all_of(terms: Sequence[z3.BoolRef]) -> z3.BoolRef:
    """The conjunction of `terms` (as `z3.And(terms)`: true when there are none)."""
    context = _context()
    ref = context.ref()
    return _made(capi.mk_and(ref, len(terms), _array(terms)), context, "Z3_mk_and")


def negation(operand: z3.BoolRef) -> z3.BoolRef:
    """`not operand` (as `z3.Not(operand)`)."""
    context = _context()
    ref = context.ref()
    return _made(capi.mk_not(ref, operand.ast), context, "Z3_mk_not")


def implies(premise: z3.BoolRef, conclusion: z3.BoolRef) -> z3.BoolRef:
    """`premise => conclusion` (as `z3.Implies(premise, conclusion)`)."""
    context = _context()
    ref = context.ref()
    return _made(capi.mk_implies(ref, premise.ast, conclusion.ast), context, "Z3_mk_implies")


def exactly_one(terms: Sequence[z3.BoolRef]) -> z3.BoolRef:
    """Exactly one of `terms` holds (as `z3.PbEq([(term, 1) for term in terms], 1)`)."""
    context = _context()
    ref = context.ref()
    count = len(terms)
    ones = _ONES.get(count)
    if ones is None:
        ones = _ONES[count] = (ctypes.c_int * count)(*([1] * count))
    return _made(capi.mk_pbeq(ref, count, _array(terms), ones, 1), context, "Z3_mk_pbeq")


def true_constants(model: z3.ModelRef, prefix: str) -> frozenset[str]:
    """The names of the Boolean constants starting with `prefix` that are true in `model`."""
    return frozenset(name for name, value in constant_values(model, prefix).items() if value)


def model_size(model: z3.ModelRef) -> int:
    """How many constants `model` assigns."""
    ref = model.ctx.ref()
    count = capi.model_get_num_consts(ref, model.model)
    if not count:
        capi.check(ref)
    return count


def constant_values(model: z3.ModelRef, prefix: str) -> dict[str, bool]:
    """The value in `model` of each Boolean constant starting with `prefix` that the model assigns
    (one pass over the model's constants through the C API, without a Python object for each)."""
    ref, handle = model.ctx.ref(), model.model
    found = {}
    for index in range(model_size(model)):
        decl = capi.model_get_const_decl(ref, handle, index)
        if not decl:
            capi.failed(ref, "Z3_model_get_const_decl")
        name = capi.decl_name(ref, decl)
        if name.startswith(prefix):
            value = capi.model_get_const_interp(ref, handle, decl)
            if value:
                truth = capi.get_bool_value(ref, value)
                if truth != _UNDEF:
                    found[name] = truth == _TRUE
                else:
                    capi.check(ref)
            else:
                capi.check(ref)  # or the model leaves the constant open
    return found


def holds(model: z3.ModelRef, formula: z3.BoolRef) -> bool:
    """True when `formula` is true in `model`, any constant it leaves open completed (as
    `z3.is_true(model.eval(formula, model_completion=True))`)."""
    if formula.ctx is not model.ctx:  # z3 would evaluate it without an error, mixing two contexts' terms
        raise z3.Z3Exception("the term is of another context than the model")
    ref = model.ctx.ref()
    value = (z3.Ast * 1)()
    if not capi.model_eval(ref, model.model, formula.ast, True, value):
        capi.failed(ref, "Z3_model_eval")
    truth = capi.get_bool_value(ref, value[0])
    if truth == _UNDEF:
        capi.check(ref)
    return truth == _TRUE
