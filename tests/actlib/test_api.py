"""The public API's shape: the registry, names, aliases, module attributes, parameters.

The expected names, families, parameters and defaults below are the published contract
(issue 2 and the project's shared conventions, which follow PyTorch), not a copy of what
actlib happens to return. A newly registered activation is checked by the registry-wide
tests without being listed here.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

import actlib
from tests.registry_cases import ELEMENTWISE, GATED, VECTOR

# The teaching order of the contract: family by family (the family is the page slug).
CONTRACT_FAMILIES = {
    "linear": ["identity", "binary_step"],
    "logistic": ["sigmoid", "tanh"],
    "rectifier": ["relu", "leaky_relu"],
    "exponential": ["elu", "celu", "selu"],
    "softplus": ["softplus", "log_sigmoid"],
    "gated": ["silu", "gelu", "mish"],
    "hard": ["relu6", "hardtanh", "hardsigmoid", "hardswish"],
    "softsign": ["softsign", "tanhshrink"],
    "glu": ["glu", "reglu", "geglu", "swiglu"],
    "softmax": ["softmax", "log_softmax"],
}
CONTRACT_ORDER = [name for members in CONTRACT_FAMILIES.values() for name in members]
CONTRACT_GATED = CONTRACT_FAMILIES["glu"]
CONTRACT_VECTOR = CONTRACT_FAMILIES["softmax"]
ALIASES = {
    "linear": "identity",
    "swish": "silu",
    # the frameworks' spellings: JAX, Keras and torch.nn.functional
    "hard_shrink": "hardshrink",
    "soft_shrink": "softshrink",
    "tanh_shrink": "tanhshrink",
    "hard_tanh": "hardtanh",
    "hard_sigmoid": "hardsigmoid",
    "hard_silu": "hardswish",
    "hard_swish": "hardswish",
    "soft_sign": "softsign",
    "logsigmoid": "log_sigmoid",
}

# name -> {parameter: default}, from PyTorch (issue 2); every other function has none.
CONTRACT_DEFAULTS = {
    "leaky_relu": {"negative_slope": 0.01},
    "elu": {"alpha": 1.0},
    "celu": {"alpha": 1.0},
    "softplus": {"beta": 1.0},
    "silu": {"beta": 1.0},  # Swish's beta (issue 29); at 1 it is PyTorch's SiLU
    "gelu": {"approximate": "none"},
    "geglu": {"approximate": "none"},
    "hardtanh": {"min_val": -1.0, "max_val": 1.0},
}

# SELU's constants, as printed in issue 2 (Klambauer et al., 2017)
with mpmath.workdps(40):  # every digit of the published constants
    SELU_ALPHA = mpmath.mpf("1.6732632423543772848170429916717")
    SELU_SCALE = mpmath.mpf("1.0507009873554804934193349852946")


# ---------------------------------------------------------------------------
# names() and get()
# ---------------------------------------------------------------------------


def test_names_cover_the_contract_in_teaching_order() -> None:
    names = actlib.names()
    missing = [n for n in CONTRACT_ORDER if n not in names]
    assert not missing, f"actlib.names() lacks {missing}"
    # Extra activations may be added anywhere, but the contract's relative order holds.
    positions = [names.index(n) for n in CONTRACT_ORDER]
    assert positions == sorted(positions), (
        f"names() order {[n for n in names if n in CONTRACT_ORDER]} "
        f"differs from the teaching order {CONTRACT_ORDER}"
    )


def test_names_are_stable_unique_strings_with_vector_functions_last() -> None:
    names = actlib.names()
    assert names == actlib.names(), "names() must return the same order on every call"
    assert all(isinstance(n, str) for n in names)
    assert len(set(names)) == len(names), f"duplicate names in {names}"
    assert names[-len(VECTOR) :] == VECTOR, f"vector functions {VECTOR} must come last"
    assert set(CONTRACT_VECTOR) <= set(VECTOR)
    # The gated units use the element-wise functions as gates: they come right after them.
    assert names == ELEMENTWISE + GATED + VECTOR, "names(): element-wise, gated, vector"
    assert set(CONTRACT_GATED) <= set(GATED)
    names.append("not_an_activation")  # a caller's edit must not leak into the registry
    assert "not_an_activation" not in actlib.names()


@pytest.mark.parametrize(
    ("kind", "cls"),
    [
        ("elementwise", actlib.Activation),
        ("gated", actlib.GatedActivation),
        ("vector", actlib.VectorActivation),
    ],
)
def test_names_of_one_kind_are_the_registered_objects_of_that_type(kind: str, cls: type) -> None:
    everything = actlib.names()
    of_kind = actlib.names(kind=kind)
    assert of_kind == [n for n in everything if isinstance(actlib.get(n), cls)], kind
    assert of_kind, f"no {kind} activation is registered"


def test_an_unknown_kind_names_the_kinds() -> None:
    with pytest.raises(ValueError, match="'elementwise', 'gated', 'vector'; got 'scalar'"):
        actlib.names(kind="scalar")


@pytest.mark.parametrize("family", CONTRACT_FAMILIES)
def test_a_family_is_its_registered_members_in_teaching_order(family: str) -> None:
    members = actlib.family(family)
    expected = [n for n in actlib.names() if actlib.get(n).family == family]
    assert [a.name for a in members] == expected
    assert all(members[i] is actlib.get(n) for i, n in enumerate(expected))
    assert set(CONTRACT_FAMILIES[family]) <= set(expected)


def test_an_unknown_family_names_the_families() -> None:
    with pytest.raises(
        ValueError, match=r"no activation is in the family 'relu'; families: linear, "
    ):
        actlib.family("relu")


def test_aliases_are_not_listed_as_names() -> None:
    assert not set(ALIASES) & set(actlib.names())


@pytest.mark.parametrize("name", actlib.names())
def test_get_returns_the_activation_of_that_name(name: str) -> None:
    act = actlib.get(name)
    assert act.name == name
    kind = (
        actlib.VectorActivation
        if name in VECTOR
        else actlib.GatedActivation
        if name in GATED
        else actlib.Activation
    )
    assert isinstance(act, kind)


@pytest.mark.parametrize(("alias", "target"), ALIASES.items())
def test_aliases_resolve_to_the_same_object(alias: str, target: str) -> None:
    assert actlib.get(alias) is actlib.get(target)
    assert getattr(actlib, alias) is actlib.get(target), f"actlib.{alias} should be {target}"


@pytest.mark.parametrize(
    ("typo", "suggestion"),
    [("sigmiod", "sigmoid"), ("relu7", "relu6"), ("leakyrelu", "leaky_relu"), ("swich", "swish")],
)
def test_unknown_name_raises_listing_the_closest_names(typo: str, suggestion: str) -> None:
    with pytest.raises(LookupError) as excinfo:
        actlib.get(typo)
    message = str(excinfo.value)
    assert repr(typo) in message, f"the error should repeat the unknown name: {message}"
    assert suggestion in message, f"get({typo!r}) should suggest {suggestion!r}: {message}"


@pytest.mark.parametrize("bad", [None, 3, ("relu",)])
def test_get_rejects_a_name_that_is_not_a_string(bad: object) -> None:
    with pytest.raises(TypeError, match="str"):
        actlib.get(bad)


@pytest.mark.parametrize("name", CONTRACT_ORDER)
def test_family_follows_the_contract(name: str) -> None:
    expected = next(fam for fam, members in CONTRACT_FAMILIES.items() if name in members)
    assert actlib.get(name).family == expected


# ---------------------------------------------------------------------------
# Module attributes and callables
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", actlib.names())
def test_every_activation_is_a_module_attribute_listed_in_all(name: str) -> None:
    where = "actlib/__init__.py (editors and type checkers read that list)"
    assert getattr(actlib, name, None) is actlib.get(name), f"import {name} in {where}"
    assert name in actlib.__all__, f"list {name!r} in __all__ in {where}"


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_activation_is_callable_with_a_derivative(name: str) -> None:
    act = actlib.get(name)
    for fn in (act, act.derivative):
        out = fn(np.array([-1.5, 0.25, 2.0]))
        assert isinstance(out, np.ndarray) and out.shape == (3,), f"{name}: {fn} gave {out!r}"


@pytest.mark.parametrize("name", VECTOR)
def test_vector_activation_has_jacobian_and_vjp(name: str) -> None:
    act = actlib.get(name)
    z = np.array([[0.5, -1.0, 2.0], [0.0, 0.0, 0.0]])
    assert act(z).shape == (2, 3)
    assert act(z, axis=0).shape == (2, 3)
    assert act.jacobian(z).shape == (2, 3, 3)
    assert act.vjp(z, np.ones_like(z)).shape == (2, 3)


@pytest.mark.parametrize("name", GATED)
def test_gated_activation_halves_its_axis_with_jacobian_and_vjp(name: str) -> None:
    act = actlib.get(name)
    z = np.array([[0.5, -1.0, 2.0, 0.25], [0.0, 0.0, 0.0, 0.0]])
    assert act(z).shape == (2, 2)
    assert act(z, axis=0).shape == (1, 4)
    assert act.jacobian(z).shape == (2, 2, 4)
    assert act.vjp(z, np.ones((2, 2))).shape == (2, 4)
    assert isinstance(actlib.get(act.gate), actlib.Activation), f"{name}: gate {act.gate!r}"


# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in CONTRACT_ORDER if n not in CONTRACT_VECTOR])
def test_parameters_and_defaults_follow_pytorch(name: str) -> None:
    assert actlib.get(name).defaults == CONTRACT_DEFAULTS.get(name, {})


def test_gelu_lists_its_two_approximations() -> None:
    assert set(actlib.gelu.params["approximate"].choices) == {"none", "tanh"}


# Behaviour that each parameter must have; the expected values are worked by hand.
@pytest.mark.parametrize(
    ("name", "x", "params", "expected"),
    [
        ("leaky_relu", -2.0, {"negative_slope": 0.5}, -1.0),
        ("leaky_relu", -100.0, {}, -1.0),  # default slope 0.01
        ("elu", -math.inf, {"alpha": 2.0}, -2.0),
        ("celu", -math.inf, {"alpha": 0.5}, -0.5),
        ("softplus", 0.0, {"beta": 2.0}, math.log(2.0) / 2.0),
        ("silu", 1.0, {"beta": 2.0}, 1.0 / (1.0 + math.exp(-2.0))),  # x sigma(beta x)
        ("hardtanh", 5.0, {"min_val": -2.0, "max_val": 3.0}, 3.0),
        ("hardtanh", -5.0, {"min_val": -2.0, "max_val": 3.0}, -2.0),
        ("hardtanh", 0.5, {}, 0.5),
        ("gelu", 0.0, {"approximate": "tanh"}, 0.0),
        ("sinusoid", 0.25, {"omega": 2.0}, math.sin(0.5)),
        ("sinusoid", 0.1, {"omega": 30}, math.sin(3.0)),  # SIREN's omega_0, an int
    ],
)
def test_parameters_change_the_function(name: str, x: float, params: dict, expected: float) -> None:
    got = float(actlib.get(name)(x, **params))
    assert got == pytest.approx(expected, rel=1e-15), f"{name}({x}, **{params}) = {got}"


def test_gelu_approximations_differ_but_agree_closely() -> None:
    x = np.linspace(-4.0, 4.0, 81)
    exact, tanh_form = actlib.gelu(x), actlib.gelu(x, approximate="tanh")
    assert np.any(exact != tanh_form), "approximate='tanh' must select another formula"
    # The tanh form is a known approximation within 5e-4 of the exact GELU.
    assert np.max(np.abs(exact - tanh_form)) < 5e-4


def test_selu_uses_the_exact_constants() -> None:
    assert float(actlib.selu(1.0)) == float(SELU_SCALE)
    with mpmath.workdps(40):  # the product rounded once, from the exact constants
        limit = float(-SELU_SCALE * SELU_ALPHA)
    assert float(actlib.selu(-math.inf)) == limit
    assert float(actlib.selu.derivative(1.0)) == float(SELU_SCALE)


@pytest.mark.parametrize(
    ("name", "params", "must_mention"),
    [
        ("celu", {"alpha": 0.0}, ["alpha", "0"]),
        ("celu", {"alpha": -1.0}, ["alpha", "0"]),
        ("celu", {"alpha": math.nan}, ["alpha"]),
        ("gelu", {"approximate": "fast"}, ["approximate", "'none'", "'tanh'"]),
        ("gelu", {"approximate": None}, ["approximate", "'none'", "'tanh'"]),
        ("hardtanh", {"min_val": 1.0, "max_val": 1.0}, ["min_val", "max_val"]),
        ("hardtanh", {"min_val": 2.0}, ["min_val", "max_val"]),
        ("leaky_relu", {"negative_slope": math.inf}, ["negative_slope"]),
        ("leaky_relu", {"negative_slope": "0.1"}, ["negative_slope"]),
        ("softplus", {"beta": 0.0}, ["beta"]),
        ("softplus", {"beta": math.nan}, ["beta"]),
        ("elu", {"alpha": math.nan}, ["alpha"]),
        ("sinusoid", {"omega": 0.0}, ["omega", "> 0"]),
        ("sinusoid", {"omega": -30.0}, ["omega", "> 0"]),
        ("sinusoid", {"omega": math.inf}, ["omega", "finite"]),
        ("sinusoid", {"omega": math.nan}, ["omega"]),
        ("sinusoid", {"omega": "30"}, ["omega"]),
        ("sinusoid", {"omega": True}, ["omega"]),
    ],
)
def test_invalid_parameter_raises_value_error_naming_it(
    name: str, params: dict, must_mention: list[str]
) -> None:
    act = actlib.get(name)
    for fn in (act, act.derivative):
        with pytest.raises(ValueError) as excinfo:
            fn(0.5, **params)
        message = str(excinfo.value)
        missing = [word for word in must_mention if word not in message]
        assert not missing, f"{name}(**{params}): message {message!r} lacks {missing}"


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_unknown_keyword_raises_type_error_naming_it(name: str) -> None:
    act = actlib.get(name)
    for fn in (act, act.derivative):
        with pytest.raises(TypeError, match="no_such_param"):
            fn(0.5, no_such_param=1.0)


@pytest.mark.parametrize("name", VECTOR + GATED)
def test_vector_functions_reject_unknown_keywords(name: str) -> None:
    act = actlib.get(name)
    for fn in (act, act.jacobian):
        with pytest.raises(TypeError, match="no_such_param"):
            fn([0.0, 1.0], no_such_param=1.0)


@pytest.mark.parametrize("name", ELEMENTWISE + GATED + VECTOR)
def test_each_activation_lives_in_the_module_named_like_its_page(name: str) -> None:
    """actlib mirrors the site: docs/functions/<family>.md <-> actlib/families/<family>.py."""
    act = actlib.get(name)
    assert act.forward.__module__ == f"actlib.families.{act.family}", (
        f"{name} is on the page functions/{act.family}.md: define it in "
        f"actlib/families/{act.family}.py"
    )


def test_families_are_registered_in_the_order_of_the_site_nav() -> None:
    import re

    from actlib.families import FAMILIES
    from scripts import ROOT

    nav = re.findall(r"functions/(\w+)\.md", (ROOT / "mkdocs.yml").read_text())
    assert [f for f in nav if f != "index"] == list(FAMILIES)
    # names() lists the element-wise functions first, then the vector ones: each part in
    # the families' order.
    for part in (ELEMENTWISE, VECTOR):
        seen = list(dict.fromkeys(actlib.get(n).family for n in part))
        assert seen == [f for f in FAMILIES if f in seen], "names() must follow the families"
