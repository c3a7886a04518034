r"""Gated linear units: GLU, ReGLU, GEGLU and SwiGLU, $a \odot g(b)$ with $[a, b] = z$.

The page is ``docs/functions/glu.md``. Each unit splits its input in two halves along one
axis, as PyTorch's ``F.glu``, ``jax.nn.glu`` and Keras' ``glu`` do: the first half $a$ is
the value, the second half $b$ goes through an element-wise gate $g$ (sigmoid, ReLU, GELU
or SiLU), and $f_i = a_i\,g(b_i)$. So the partial derivatives are
$\partial f_i / \partial a_i = g(b_i)$ and $\partial f_i / \partial b_i = a_i\,g'(b_i)$,
and every other one is 0. The gates and their derivatives are actlib's own stable forms,
from the families that define them.

Products: a closed gate ($g(b) = 0$ exactly, as $\sigma(-10^{308})$ rounds) gives 0
whatever the value $a$, and a value $a = 0$ gives 0 whatever the gate: each is the limit
with the other factor fixed, where IEEE's $\infty \cdot 0$ would be NaN. A product beyond
float64's range rounds to ``inf``, silently; NaN in either factor stays NaN.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .._core import GatedActivation, check_choice, check_real, exact, get, register
from .._stable import _EXP_TAIL, _GATE_LIMIT, _sigmoid, _sigmoid_slope, _times_exp
from .._types import Case, Interval, Param
from .gated import gelu_backward, gelu_forward, silu_backward, silu_forward
from .logistic import sigmoid_backward, sigmoid_forward
from .rectifier import relu_backward, relu_forward

Gate = Callable[..., np.ndarray]


def _times(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``u * v``, but 0 where one factor is exactly 0 and the other is not NaN."""
    product = np.empty(np.broadcast_shapes(np.shape(u), np.shape(v)), np.result_type(u, v))
    events = _multiply_into(u, v, product)
    if np.ndim(product) and "invalid value" not in events:  # so no inf * 0
        # only the sign of the zeros to set: + 0.0 makes every zero +0. Without an
        # underflow every zero has a zero factor and that is all; else an underflow's -0
        # (neither factor 0) is put back. In place, with no float temporary: np.where and
        # np.copysign branch per element, and a temporary costs page faults per block.
        product += 0.0
        if "underflow" in events:
            underflow = np.equal(product, 0.0)
            underflow &= (u != 0.0) & (v != 0.0)
            if underflow.any():
                np.multiply(u, v, out=product, where=underflow)
        return product
    zero = (u == 0.0) | (v == 0.0)
    zero &= ~np.isnan(u) & ~np.isnan(v)
    return np.where(zero, 0.0, product)


def _multiply_into(u: np.ndarray, v: np.ndarray, out: np.ndarray) -> set[str]:
    """``out = u * v``; the floating-point events it raised: "invalid value" for an inf * 0
    (a NaN factor raises none), "underflow". Overflow to inf is the product, silently."""
    events: set[str] = set()
    with np.errstate(
        over="ignore", invalid="call", under="call", call=lambda kind, flag: events.add(kind)
    ):
        np.multiply(u, v, out=out)
    return events


def _halves(z: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """``(a, b)``: the first and second halves of z along ``axis``, as views (np.split's,
    without its cost, which counts once per slab)."""
    at = [slice(None)] * z.ndim
    at[axis] = slice(None, z.shape[axis] // 2)
    a = z[tuple(at)]
    at[axis] = slice(z.shape[axis] // 2, None)
    return a, z[tuple(at)]


def _gated(z: np.ndarray, axis: int, gate: Gate, **params: Any) -> np.ndarray:
    """$a \\odot g(b)$, with $[a, b]$ the halves of ``z`` along ``axis``."""
    a, b = _halves(z, axis)
    gated = gate(b, **params)
    if np.may_share_memory(gated, z):
        return _times(a, gated)
    # The gate's own fresh array takes the product: a second buffer costs page faults per
    # slab. Without an inf * 0 or an underflow every zero has a zero factor, and + 0.0 makes
    # it +0, as _times does; with one, _times does it on the gate evaluated again.
    if _multiply_into(a, gated, gated):
        return _times(a, gate(b, **params))
    gated += 0.0
    return gated


def _gated_jacobian(z: np.ndarray, axis: int, gate: Gate, slope: Gate, **params: Any) -> np.ndarray:
    """$[\\operatorname{diag}(g(b)),\\ \\operatorname{diag}(a \\odot g'(b))]$; the axis
    moves last, shape (..., K/2, K)."""
    a, b = (np.moveaxis(h, axis, -1) for h in _halves(z, axis))
    diagonal = np.eye(a.shape[-1], dtype=bool)
    # np.where, not a product with the identity: g(b) may be inf, and inf * 0 is NaN
    by_value = np.where(diagonal, gate(b, **params)[..., :, None], 0.0)
    by_gate = np.where(diagonal, _times(a, slope(b, **params))[..., :, None], 0.0)
    return np.concatenate([by_value, by_gate], axis=-1)


def _gated_vjp(
    z: np.ndarray, g: np.ndarray, axis: int, gate: Gate, slope: Gate, **params: Any
) -> np.ndarray:
    """$g^\\top J = [g \\odot g(b),\\ g \\odot a \\odot g'(b)]$: O(K), no K/2 x K matrix."""
    a, b = _halves(z, axis)
    by_value = _times(g, gate(b, **params))
    by_gate = _times(g, _times(a, slope(b, **params)))
    return np.concatenate([by_value, by_gate], axis=axis)


def glu_forward(z: np.ndarray, axis: int) -> np.ndarray:
    r"""Gated linear unit, $a \odot \sigma(b)$, with $[a, b]$ the halves of z along axis."""
    return _gated(z, axis, sigmoid_forward)


def glu_jacobian(z: np.ndarray, axis: int) -> np.ndarray:
    r"""$\frac{\partial f_i}{\partial a_i} = \sigma(b_i)$,
    $\frac{\partial f_i}{\partial b_i} = a_i\,\sigma(b_i)\,(1 - \sigma(b_i))$."""
    return _gated_jacobian(z, axis, sigmoid_forward, sigmoid_backward)


def glu_vjp(z: np.ndarray, g: np.ndarray, axis: int) -> np.ndarray:
    r"""$[g \odot \sigma(b),\ g \odot a \odot \sigma'(b)]$."""
    return _gated_vjp(z, g, axis, sigmoid_forward, sigmoid_backward)


glu = register(
    GatedActivation(
        name="glu",
        display_name="GLU",
        family="glu",
        gate="sigmoid",
        forward=glu_forward,
        jacobian_fn=glu_jacobian,
        vjp_fn=glu_vjp,
        formula=r"a_i\,\sigma(b_i)",
        partial_a=r"\sigma(b_i)",
        partial_b=r"a_i\,\sigma(b_i)\,\bigl(1 - \sigma(b_i)\bigr)",
        use_case="Gated convolutional language models (Dauphin et al.), and the template "
        "of the variants below: one projection gives the value and the gate.",
        limitations="Halves the width along its axis; the sigmoid gate saturates, so "
        "the variants with a ReLU, GELU or SiLU gate train better in transformers.",
        frameworks="PyTorch torch.nn.functional.glu(input, dim=-1) and nn.GLU(dim=-1), "
        "JAX jax.nn.glu(x, axis=-1), Keras keras.activations.glu(x, axis=-1): all take "
        "the first half as the value and the second as the gate, as actlib does.",
        reference="Dauphin, Fan, Auli & Grangier, Language Modeling with Gated "
        "Convolutional Networks (2017).",
    )
)


@exact  # max(0, b) is exact and a max(0, b) one rounding, in float32 as in float64
def reglu_forward(z: np.ndarray, axis: int) -> np.ndarray:
    r"""ReLU-gated linear unit, $a \odot \max(0, b)$."""
    return _gated(z, axis, relu_forward)


def reglu_jacobian(z: np.ndarray, axis: int) -> np.ndarray:
    r"""$\frac{\partial f_i}{\partial a_i} = \max(0, b_i)$,
    $\frac{\partial f_i}{\partial b_i} = a_i$ for $b_i > 0$ and 0 for $b_i \le 0$
    (ReLU'(0) = 0, as for ReLU)."""
    return _gated_jacobian(z, axis, relu_forward, relu_backward)


def reglu_vjp(z: np.ndarray, g: np.ndarray, axis: int) -> np.ndarray:
    r"""$[g \odot \max(0, b),\ g \odot a \odot \operatorname{ReLU}'(b)]$."""
    return _gated_vjp(z, g, axis, relu_forward, relu_backward)


reglu = register(
    GatedActivation(
        name="reglu",
        display_name="ReGLU",
        family="glu",
        gate="relu",
        forward=reglu_forward,
        jacobian_fn=reglu_jacobian,
        vjp_fn=reglu_vjp,
        formula=r"a_i\,\max(0, b_i)",
        partial_a=r"\max(0, b_i)",
        partial_b=(Case("a_i", "b_i > 0"), Case("0", r"b_i \le 0")),
        use_case="A transformer feed-forward block with a ReLU gate (Shazeer, 2020): "
        "cheaper than GEGLU and SwiGLU, and close to them in quality.",
        limitations="Where the gate is closed (b <= 0) neither half gets a gradient; "
        "the kink of ReLU at b = 0 is kept (its derivative there is 0).",
        frameworks="PyTorch has no reglu function: write a * F.relu(b) after "
        "a, b = x.chunk(2, dim=-1); JAX and Keras have no function either.",
        reference="Shazeer, GLU Variants Improve Transformer (2020).",
    )
)


def _check_approximate(approximate: str) -> None:
    check_choice("approximate", approximate, ("none", "tanh"))


def geglu_forward(z: np.ndarray, axis: int, approximate: str) -> np.ndarray:
    r"""GELU-gated linear unit, $a \odot \operatorname{GELU}(b) = a \odot b \odot \Phi(b)$.

    Args:
        approximate: GELU's form, ``"none"`` (default, as in PyTorch) or ``"tanh"``.
    """
    return _gated(z, axis, gelu_forward, approximate=approximate)


def geglu_jacobian(z: np.ndarray, axis: int, approximate: str) -> np.ndarray:
    r"""$\frac{\partial f_i}{\partial a_i} = b_i\,\Phi(b_i)$,
    $\frac{\partial f_i}{\partial b_i} = a_i\,(\Phi(b_i) + b_i\,\phi(b_i))$."""
    return _gated_jacobian(z, axis, gelu_forward, gelu_backward, approximate=approximate)


def geglu_vjp(z: np.ndarray, g: np.ndarray, axis: int, approximate: str) -> np.ndarray:
    r"""$[g \odot \operatorname{GELU}(b),\ g \odot a \odot \operatorname{GELU}'(b)]$."""
    return _gated_vjp(z, g, axis, gelu_forward, gelu_backward, approximate=approximate)


geglu = register(
    GatedActivation(
        name="geglu",
        display_name="GEGLU",
        family="glu",
        gate="gelu",
        forward=geglu_forward,
        jacobian_fn=geglu_jacobian,
        vjp_fn=geglu_vjp,
        formula=r"a_i\,b_i\,\Phi(b_i)",
        partial_a=r"b_i\,\Phi(b_i)",
        partial_b=r"a_i\,\bigl(\Phi(b_i) + b_i\,\phi(b_i)\bigr)",
        use_case="The feed-forward block of T5 v1.1 and Gemma: the value times the "
        "GELU of the gate.",
        limitations="Needs the normal CDF (or GELU's tanh approximation, which Gemma "
        "uses) for every gate unit.",
        frameworks="PyTorch has no geglu function: write a * F.gelu(b) after "
        "a, b = x.chunk(2, dim=-1) (approximate='tanh' for Gemma's form); JAX and Keras "
        "have no function either (jax.nn.gelu's default is the tanh form).",
        params={"approximate": Param("none", r"\mathrm{approximate}", choices=("none", "tanh"))},
        validate=_check_approximate,
        reference="Shazeer, GLU Variants Improve Transformer (2020).",
    )
)


def swiglu_forward(z: np.ndarray, axis: int) -> np.ndarray:
    r"""SiLU-gated (Swish-gated) linear unit, $a \odot \operatorname{SiLU}(b) =
    a \odot b \odot \sigma(b)$."""
    return _gated(z, axis, silu_forward)


def swiglu_jacobian(z: np.ndarray, axis: int) -> np.ndarray:
    r"""$\frac{\partial f_i}{\partial a_i} = b_i\,\sigma(b_i)$,
    $\frac{\partial f_i}{\partial b_i} = a_i\,\sigma(b_i)\,(1 + b_i\,(1 - \sigma(b_i)))$."""
    return _gated_jacobian(z, axis, silu_forward, silu_backward)


def swiglu_vjp(z: np.ndarray, g: np.ndarray, axis: int) -> np.ndarray:
    r"""$[g \odot \operatorname{SiLU}(b),\ g \odot a \odot \operatorname{SiLU}'(b)]$."""
    return _gated_vjp(z, g, axis, silu_forward, silu_backward)


swiglu = register(
    GatedActivation(
        name="swiglu",
        display_name="SwiGLU",
        family="glu",
        gate="silu",
        forward=swiglu_forward,
        jacobian_fn=swiglu_jacobian,
        vjp_fn=swiglu_vjp,
        formula=r"a_i\,b_i\,\sigma(b_i)",
        partial_a=r"b_i\,\sigma(b_i)",
        partial_b=r"a_i\,\sigma(b_i)\,\bigl(1 + b_i\,(1 - \sigma(b_i))\bigr)",
        use_case="The feed-forward block of most current large language models (PaLM, "
        "LLaMA, Mistral): the value times the SiLU of the gate.",
        limitations="Three weight matrices instead of two: the hidden width is cut to "
        "about 8/3 of the model width to keep the parameter count.",
        frameworks="PyTorch has no swiglu function: write a * F.silu(b) after "
        "a, b = x.chunk(2, dim=-1); JAX and Keras have no function either (build it "
        "from jax.nn.silu or keras.activations.silu).",
        reference="Shazeer, GLU Variants Improve Transformer (2020).",
    )
)


def _check_clamped(alpha: float, limit: float) -> None:
    check_real("alpha", alpha, positive=True)
    check_real("limit", limit, positive=True)


def _interleaved(z: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """``(a, b)``: the values z[1::2] and the gate inputs z[::2] along ``axis``."""
    at = [slice(None)] * z.ndim
    at[axis] = slice(1, None, 2)
    a = z[tuple(at)]
    at[axis] = slice(0, None, 2)
    return a, z[tuple(at)]


def _interleave(by_gate: np.ndarray, by_value: np.ndarray, axis: int) -> np.ndarray:
    """The inverse of :func:`_interleaved`: gate and value entries in pairs along ``axis``."""
    shape = list(by_gate.shape)
    shape[axis] *= 2
    return np.stack([by_gate, by_value], axis=axis + 1).reshape(shape)


def _quick_swish(u: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    r"""``(u sigma(alpha u), its derivative in u)``, each 0 (not NaN) where u = -inf."""
    with np.errstate(over="ignore"):  # alpha u beyond float64 is -inf, where sigma is 0
        t = alpha * u
    sigma = _sigmoid(t)
    gate = _times(u, sigma)
    if gate.size and not np.min(t) >= _EXP_TAIL:  # NaN compares False: look then too
        # u e^t where sigma(t) = e^t is subnormal, rounded once (silu_forward's tail); u is
        # cut where t < -1e3, and e^t is 0 there in any case
        tail = t < _EXP_TAIL
        gate[tail] = _times_exp(np.maximum(u[tail], -_GATE_LIMIT / alpha), t[tail])
    return gate, sigma + _times(t, _sigmoid_slope(t))


def _clamped_parts(z: np.ndarray, axis: int, alpha: float, limit: float) -> tuple[np.ndarray, ...]:
    """The pieces every function of the clamped SwiGLU needs: a, b, the clamped gate
    input u = min(b, limit), the gate u sigma(alpha u), its slope, and v = clip(a) + 1."""
    a, b = _interleaved(z, axis)
    u = np.minimum(b, limit)
    gate, slope = _quick_swish(u, alpha)
    value = np.clip(a, -limit, limit) + 1.0
    return a, b, u, gate, slope, value


def clamped_swiglu_forward(z: np.ndarray, axis: int, alpha: float, limit: float) -> np.ndarray:
    r"""gpt-oss's SwiGLU: $b$ clamped above at the limit $\ell$ and $a$ to $[-\ell, \ell]$,
    then $\hat b\,\sigma(\alpha \hat b)\,(\hat a + 1)$, with $b_i = z_{2i}$, $a_i = z_{2i+1}$."""
    _, _, _, gate, _, value = _clamped_parts(z, axis, alpha, limit)
    return _times(gate, value)


def clamped_swiglu_jacobian(z: np.ndarray, axis: int, alpha: float, limit: float) -> np.ndarray:
    r"""$\frac{\partial f_i}{\partial b_i} = (\hat a_i + 1)\,(\sigma(\alpha b_i) + \alpha b_i\,
    \sigma'(\alpha b_i))$ for $b_i \le \ell$, 0 above; $\frac{\partial f_i}{\partial a_i} =
    \hat b_i\,\sigma(\alpha \hat b_i)$ for $\lvert a_i \rvert \le \ell$, 0 outside. At a
    clamp's bound the input keeps its gradient, as torch.clamp's backward gives."""
    by_gate, by_value = _clamped_partials(z, axis, alpha, limit)
    by_gate, by_value = np.moveaxis(by_gate, axis, -1), np.moveaxis(by_value, axis, -1)
    diagonal = np.eye(by_gate.shape[-1], dtype=bool)
    pairs = np.stack(
        [
            np.where(diagonal, by_gate[..., :, None], 0.0),
            np.where(diagonal, by_value[..., :, None], 0.0),
        ],
        axis=-1,
    )
    return pairs.reshape(*pairs.shape[:-2], -1)


def _clamped_partials(
    z: np.ndarray, axis: int, alpha: float, limit: float
) -> tuple[np.ndarray, np.ndarray]:
    """``(d f_i / d b_i, d f_i / d a_i)``: the clamps cut each where they hold strictly."""
    a, b, _, gate, slope, value = _clamped_parts(z, axis, alpha, limit)
    by_gate = np.where(b > limit, 0.0, _times(value, slope))
    by_value = np.where(np.abs(a) > limit, 0.0, gate)
    return by_gate, by_value


def clamped_swiglu_vjp(
    z: np.ndarray, g: np.ndarray, axis: int, alpha: float, limit: float
) -> np.ndarray:
    r"""$g^\top J$: $g_i\,\partial f_i / \partial b_i$ and $g_i\,\partial f_i / \partial a_i$,
    in z's interleaved places; O(K)."""
    by_gate, by_value = _clamped_partials(z, axis, alpha, limit)
    return _interleave(_times(g, by_gate), _times(g, by_value), axis)


def clamped_swiglu_d_alpha(
    z: np.ndarray, g: np.ndarray, axis: int, alpha: float, limit: float
) -> np.ndarray:
    r"""$\sum_i g_i\,(\hat a_i + 1)\,\hat b_i^2\,\sigma'(\alpha \hat b_i)$."""
    _, _, u, _, _, value = _clamped_parts(z, axis, alpha, limit)
    with np.errstate(over="ignore"):
        t = alpha * u
    # u^2 sigma'(alpha u) as u (u sigma'(t)): u^2 alone would overflow where sigma' is 0
    bent = _times(u, _times(u, _sigmoid_slope(t)))
    return np.sum(_times(g, _times(value, bent)), axis=axis, keepdims=True)


def clamped_swiglu_d_limit(
    z: np.ndarray, g: np.ndarray, axis: int, alpha: float, limit: float
) -> np.ndarray:
    r"""$\sum_i g_i\,\partial f_i / \partial \ell$: where $b_i > \ell$, the gate's slope at
    $\ell$ times $\hat a_i + 1$; where $\lvert a_i \rvert > \ell$, $\operatorname{sign}(a_i)$
    times the gate; 0 where neither clamp holds strictly (at a bound the input has it)."""
    a, b, _, gate, slope, value = _clamped_parts(z, axis, alpha, limit)
    by_gate = np.where(b > limit, _times(value, slope), 0.0)
    by_value = np.where(np.abs(a) > limit, _times(np.sign(a), gate), 0.0)
    return np.sum(_times(g, by_gate + by_value), axis=axis, keepdims=True)


def clamped_swiglu_range(alpha: float, limit: float) -> Interval:
    r"""The closed range of $g(\hat b)\,(\hat a + 1)$: the gate $g(u) = u\,\sigma(\alpha u)$ over
    $u \le \ell$ spans $[\min \operatorname{SiLU} / \alpha,\ \ell\,\sigma(\alpha \ell)]$ (SiLU's
    minimum at $\alpha u$, computed by actlib.analysis), the value $[1 - \ell, 1 + \ell]$; a
    product of two independent intervals is extreme at their corners."""
    silu_low = get("silu").output_range.lo
    gates = (silu_low / alpha, float(_quick_swish(np.array(limit), alpha)[0]))
    products = [g * (1.0 + side * limit) for g in gates for side in (-1.0, 1.0)]
    return Interval(min(products), max(products), lo_closed=True, hi_closed=True)


clamped_swiglu = register(
    GatedActivation(
        name="clamped_swiglu",
        display_name="Clamped SwiGLU (gpt-oss)",
        family="glu",
        gate="silu",  # with beta = alpha, b sigma(alpha b), before the clamps
        forward=clamped_swiglu_forward,
        jacobian_fn=clamped_swiglu_jacobian,
        vjp_fn=clamped_swiglu_vjp,
        formula=r"\min(b_i, \ell)\,\sigma\bigl(\alpha \min(b_i, \ell)\bigr)\,"
        r"\bigl(\max(-\ell, \min(a_i, \ell)) + 1\bigr)",
        partial_a=(
            Case(r"\min(b_i, \ell)\,\sigma\bigl(\alpha \min(b_i, \ell)\bigr)", r"|a_i| \le \ell"),
            Case("0", r"|a_i| > \ell"),
        ),
        partial_b=(
            Case(
                r"\bigl(\max(-\ell, \min(a_i, \ell)) + 1\bigr)\,\sigma(\alpha b_i)\,"
                r"\bigl(1 + \alpha b_i\,(1 - \sigma(\alpha b_i))\bigr)",
                r"b_i \le \ell",
            ),
            Case("0", r"b_i > \ell"),
        ),
        use_case="The feed-forward block of gpt-oss: a SwiGLU whose clamps keep the "
        "activations of a 4-bit (MXFP4) mixture of experts bounded, and whose value half "
        "gets a bias of 1.",
        limitations="Where a clamp holds (gate input above the limit, value beyond it) "
        "that input gets no gradient; its pairs are interleaved (gate, value), not halves, "
        "so weights trained for it do not fit the other units.",
        frameworks="PyTorch has no clamped_swiglu function; JAX and Keras have no function "
        "either. gpt-oss (openai/gpt-oss at commit 7b58334, gpt_oss/torch/model.py, "
        "swiglu(x, alpha=1.702, limit=7.0)) takes x[..., ::2] as the gate and x[..., 1::2] "
        "as the value, clamps the gate above at the limit and the value to [-limit, limit] "
        "with Tensor.clamp, whose gradient at a bound passes through (as actlib's), and "
        "returns x_glu * torch.sigmoid(alpha * x_glu) * (x_linear + 1); actlib's "
        "interleaved layout and join(a, b) follow it.",
        params={
            "alpha": Param(1.702, r"\alpha", slider=(0.5, 3.0, 0.1)),
            "limit": Param(7.0, r"\ell", slider=(1.0, 10.0, 0.5)),
        },
        validate=_check_clamped,
        split="interleaved",
        range_at=clamped_swiglu_range,
        param_vjp_fns={"alpha": clamped_swiglu_d_alpha, "limit": clamped_swiglu_d_limit},
        reference="OpenAI, gpt-oss-120b & gpt-oss-20b Model Card (2025).",
    )
)
