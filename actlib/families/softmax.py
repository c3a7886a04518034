r"""Vector activations: softmax, log-softmax and softmin over one axis, their Jacobians
and vjps (sparsemax, on its own page, is in ``sparse.py``).

Where some e^z would overflow or underflow, they shift the logits by their maximum along
the axis (each is unchanged by a shift), so every exponent is at most 0 and nothing
overflows for any finite logits; elsewhere the logits themselves are exact and the
textbook form is as accurate. The shift ``z - max(z)`` is itself rounded; it is kept
exactly as an unevaluated sum ``hi + lo`` (Knuth's TwoSum), so each result is accurate to
a few ulps relative, even for the smallest probabilities. Softmin is softmax of ``-z``:
negation is exact.

Non-finite logits: ``-inf`` is a masked entry (probability 0, log-probability ``-inf``;
for softmin, ``+inf``); a row whose logits are all masked, or that holds NaN or the other
infinity, has no result and gives NaN, silently.
"""

from __future__ import annotations

import numpy as np

from .._core import VectorActivation, check_real, register
from .._types import Interval, Param

_SMALLEST_NORMAL = np.finfo(np.float64).tiny


def _shifted_logits(z: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """``z - max(z)`` along ``axis``, exactly, as ``(hi, lo)``: every ``hi`` is <= 0."""
    m = np.max(z, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, np.nan)  # all -inf, or +inf, or NaN: no softmax
    with np.errstate(over="ignore", invalid="ignore"):
        hi = z - m
        # TwoSum: the exact rounding error of hi = z + (-m)
        z_part = hi + m
        m_part = hi - z_part
        lo = (z - z_part) - (m_part + m)
    return hi, np.where(np.isfinite(lo), lo, 0.0)


def _exp_others(hi: np.ndarray, lo: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """``(exp(z - max), the sum of those terms except one maximal entry's 1)``, from the
    shifted logits ``hi + lo`` of :func:`_shifted_logits`.

    ``log(sum) = log1p(others)`` then stays accurate when one logit dominates, where
    ``log(1 + tiny)`` would round to 0.
    """
    with np.errstate(invalid="ignore"):
        terms = np.exp(hi) * (1.0 + lo)  # exp(hi + lo) to first order: lo is below ulp(hi)
    top = np.expand_dims(np.argmax(hi, axis=axis), axis)
    others = terms.copy()
    np.put_along_axis(others, top, 0.0, axis=axis)
    return terms, np.sum(others, axis=axis, keepdims=True)


def softmax_forward(z: np.ndarray, axis: int) -> np.ndarray:
    r"""Softmax along ``axis``, $s_i = \frac{e^{z_i}}{\sum_{j} e^{z_j}}$."""
    if z.shape[axis] == 0:  # no logits, no probabilities: an empty result of that shape
        return z.copy()
    # The textbook e^z / sum e^z where every e^z is a normal number and the sums are
    # finite: z is exact, so each term is e^z within exp's own error, as good as the
    # shifted form's, and several times cheaper. Otherwise (overflow, a logit below -708,
    # a masked or non-finite one) the shift by the largest logit.
    with np.errstate(over="ignore", invalid="ignore"):
        # in C order whatever z's layout, so that a sum's order, and its rounding, does
        # not depend on it: a batch gives what its parts give
        terms = np.exp(z, out=np.empty(z.shape))
        total = np.sum(terms, axis=axis, keepdims=True)
    if terms.size == 0:  # rows of logits, but no rows
        return terms
    if np.min(terms) >= _SMALLEST_NORMAL and np.max(total) < np.inf:  # NaN compares False
        return np.divide(terms, total, out=terms)
    terms, others = _exp_others(*_shifted_logits(z, axis), axis)
    with np.errstate(invalid="ignore", divide="ignore"):  # NaN rows stay NaN, silently
        return terms / (1.0 + others)


def softmax_jacobian(z: np.ndarray, axis: int) -> np.ndarray:
    r"""$\frac{\partial s_i}{\partial z_j} = s_i\,(\delta_{ij} - s_j)$, i.e.
    $\operatorname{diag}(s) - s s^\top$; the axis moves last, shape (..., K, K)."""
    s = np.moveaxis(softmax_forward(z, axis), axis, -1)
    return s[..., :, None] * (np.eye(s.shape[-1]) - s[..., None, :])


def softmax_vjp(z: np.ndarray, g: np.ndarray, axis: int) -> np.ndarray:
    r"""$(g^\top J)_j = s_j\,(g_j - \sum_i g_i s_i)$: O(K), no K x K matrix."""
    s = softmax_forward(z, axis)
    return s * (g - np.sum(g * s, axis=axis, keepdims=True))


softmax = register(
    VectorActivation(
        name="softmax",
        display_name="Softmax",
        family="softmax",
        forward=softmax_forward,
        jacobian_fn=softmax_jacobian,
        vjp_fn=softmax_vjp,
        formula=r"\frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}",
        jacobian_of="s_i",
        jacobian_formula=r"s_i\,(\delta_{ij} - s_j)",
        output_range=Interval(0.0, 1.0, hi_closed=True),
        use_case="The output layer of a K-class classifier: it turns K logits into a "
        "probability distribution. Sigmoid is its K = 2 case, with one logit fixed at 0.",
        limitations="Saturates when one logit dominates; pair it with cross-entropy "
        "(whose gradient is then s - y), and use log_softmax for log-probabilities.",
        frameworks="axis=-1 by default in JAX (jax.nn.softmax) and Keras "
        "(keras.activations.softmax); PyTorch's torch.softmax needs dim, with no default.",
        reference="Bridle (1990).",
    )
)


def log_softmax_forward(z: np.ndarray, axis: int) -> np.ndarray:
    r"""Log-softmax along ``axis``, $z_i - \ln \sum_{j} e^{z_j}$."""
    if z.shape[axis] == 0:
        return z.copy()
    # Where every e^z is normal and the sums finite: (z - m) - log1p(r), with m the largest
    # logit and r = sum over the others of e^z_j, divided by e^m, from the exact z; z - m
    # and log1p(r) have one sign, so rounding z - m costs half an ulp and no cancellation.
    # Otherwise the exact shift z - m = hi + lo before the exponential.
    top = np.expand_dims(np.argmax(z, axis=axis), axis)
    m = np.take_along_axis(z, top, axis=axis)
    with np.errstate(over="ignore", invalid="ignore"):
        terms = np.exp(z, out=np.empty(z.shape))  # in C order, as in softmax
        largest = np.exp(m)
    if terms.size == 0:  # rows of logits, but no rows
        return terms
    smallest = np.min(terms)
    np.put_along_axis(terms, top, 0.0, axis=axis)
    with np.errstate(over="ignore", invalid="ignore"):
        rest = np.sum(terms, axis=axis, keepdims=True)
    # NaN compares False
    if smallest >= _SMALLEST_NORMAL and np.max(largest) < np.inf and np.max(rest) < np.inf:
        shifted = np.subtract(z, m, out=terms)
        return np.subtract(shifted, np.log1p(rest / largest), out=shifted)
    hi, lo = _shifted_logits(z, axis)
    _, others = _exp_others(hi, lo, axis)
    with np.errstate(invalid="ignore"):
        return (hi - np.log1p(others)) + lo


def log_softmax_jacobian(z: np.ndarray, axis: int) -> np.ndarray:
    r"""$\frac{\partial \ln s_i}{\partial z_j} = \delta_{ij} - s_j$; shape (..., K, K)."""
    s = np.moveaxis(softmax_forward(z, axis), axis, -1)
    return np.eye(s.shape[-1]) - s[..., None, :]


def log_softmax_vjp(z: np.ndarray, g: np.ndarray, axis: int) -> np.ndarray:
    r"""$(g^\top J)_j = g_j - s_j \sum_i g_i$."""
    s = softmax_forward(z, axis)
    return g - s * np.sum(g, axis=axis, keepdims=True)


log_softmax = register(
    VectorActivation(
        name="log_softmax",
        display_name="Log-softmax",
        family="softmax",
        forward=log_softmax_forward,
        jacobian_fn=log_softmax_jacobian,
        vjp_fn=log_softmax_vjp,
        formula=r"z_i - \ln \sum_{j=1}^{K} e^{z_j}",
        jacobian_of=r"\ln s_i",
        jacobian_formula=r"\delta_{ij} - s_j",
        output_range=Interval(-np.inf, 0.0, hi_closed=True),
        use_case="Log-probabilities for the cross-entropy loss, computed without ever "
        "taking the log of a probability that rounded to 0.",
        limitations="Its values are log-probabilities: exponentiate them for probabilities.",
        frameworks="axis=-1 by default in JAX (jax.nn.log_softmax) and Keras "
        "(keras.activations.log_softmax); PyTorch's torch.log_softmax needs dim.",
        reference="",
    )
)


def softmin_forward(z: np.ndarray, axis: int) -> np.ndarray:
    r"""Softmin along ``axis``, $s_i = \frac{e^{-z_i}}{\sum_{j} e^{-z_j}}$: softmax of $-z$."""
    # Negation is exact, so this is softmax(-z) bit for bit, with softmax's stability:
    # -inf becomes the +inf that gives NaN, and +inf the masked -inf (probability 0).
    return softmax_forward(-z, axis)


def softmin_jacobian(z: np.ndarray, axis: int) -> np.ndarray:
    r"""$\frac{\partial s_i}{\partial z_j} = -s_i\,(\delta_{ij} - s_j)$ with $s$ the softmin,
    by the chain rule through $-z$; shape (..., K, K)."""
    return -softmax_jacobian(-z, axis)


def softmin_vjp(z: np.ndarray, g: np.ndarray, axis: int) -> np.ndarray:
    r"""$(g^\top J)_j = -s_j\,(g_j - \sum_i g_i s_i)$ with $s$ the softmin: O(K)."""
    return -softmax_vjp(-z, g, axis)


softmin = register(
    VectorActivation(
        name="softmin",
        display_name="Softmin",
        family="softmax",
        forward=softmin_forward,
        jacobian_fn=softmin_jacobian,
        vjp_fn=softmin_vjp,
        formula=r"\frac{e^{-z_i}}{\sum_{j=1}^{K} e^{-z_j}}",
        jacobian_of="s_i",
        jacobian_formula=r"-s_i\,(\delta_{ij} - s_j)",
        jacobian_where=r"s = \operatorname{softmin}(z)",
        output_range=Interval(0.0, 1.0, hi_closed=True),
        use_case="A distribution that favours the smallest score: weights from distances "
        "or costs, where the nearest or cheapest entry should get the most mass.",
        limitations="It is softmax of -z and nothing more: negate the scores and use "
        "softmax, whose fused losses and kernels frameworks optimise.",
        frameworks="PyTorch nn.Softmin(dim) and torch.nn.functional.softmin(x, dim); "
        "JAX and Keras have no function: use softmax(-x).",
        reference="",
    )
)


def _check_sink(sink: float) -> None:
    check_real("sink", sink)


def _with_sink(z: np.ndarray, axis: int, sink: float) -> np.ndarray:
    """Softmax of the logits with the sink's logit put first along ``axis``: the sink's
    probability first, then each s_i."""
    shape = list(z.shape)
    shape[axis] = 1
    return softmax_forward(np.concatenate([np.full(shape, float(sink)), z], axis=axis), axis)


def softmax_sink_forward(z: np.ndarray, axis: int, sink: float) -> np.ndarray:
    r"""Softmax with an attention sink, $s_i = \frac{e^{z_i}}{e^{z_0} + \sum_{j} e^{z_j}}$:
    the sink's logit $z_0$ takes a share of the mass and gives no output, so the outputs
    sum to $1 - s_0$, less than 1 (softmax-1 is $z_0 = 0$)."""
    # The softmax of [z_0, z] with its first output dropped, as gpt-oss's sdpa does, so
    # that it has softmax's accuracy (and, where needed, its shift by the largest logit,
    # the sink's too).
    return np.delete(_with_sink(z, axis, sink), 0, axis=axis)


def softmax_sink_jacobian(z: np.ndarray, axis: int, sink: float) -> np.ndarray:
    r"""$\frac{\partial s_i}{\partial z_j} = s_i\,(\delta_{ij} - s_j)$, softmax's form with
    the sink's $s$; shape (..., K, K)."""
    s = np.moveaxis(softmax_sink_forward(z, axis, sink), axis, -1)
    return s[..., :, None] * (np.eye(s.shape[-1]) - s[..., None, :])


def softmax_sink_vjp(z: np.ndarray, g: np.ndarray, axis: int, sink: float) -> np.ndarray:
    r"""$(g^\top J)_j = s_j\,(g_j - \sum_i g_i s_i)$: O(K)."""
    s = softmax_sink_forward(z, axis, sink)
    return s * (g - np.sum(g * s, axis=axis, keepdims=True))


def softmax_sink_d_sink(z: np.ndarray, g: np.ndarray, axis: int, sink: float) -> np.ndarray:
    r"""$\sum_i g_i \frac{\partial s_i}{\partial z_0} = -s_0 \sum_i g_i s_i$, with
    $s_0 = e^{z_0} / (e^{z_0} + \sum_j e^{z_j})$ the sink's own share."""
    every = _with_sink(z, axis, sink)
    s0 = np.take(every, [0], axis=axis)
    s = np.delete(every, 0, axis=axis)
    return -s0 * np.sum(g * s, axis=axis, keepdims=True)


softmax_sink = register(
    VectorActivation(
        name="softmax_sink",
        display_name="Softmax with a sink",
        family="softmax",
        forward=softmax_sink_forward,
        jacobian_fn=softmax_sink_jacobian,
        vjp_fn=softmax_sink_vjp,
        formula=r"\frac{e^{z_i}}{e^{z_0} + \sum_{j=1}^{K} e^{z_j}}",
        jacobian_of="s_i",
        jacobian_formula=r"s_i\,(\delta_{ij} - s_j)",
        jacobian_where=r"s = \operatorname{softmax}_{z_0}(z)",
        output_range=Interval(0.0, 1.0),
        use_case="Attention that may attend to nothing: the sink's logit z_0 (learned, one "
        "per head, as in gpt-oss) absorbs the mass no key deserves, so a head with nothing "
        "to find puts its weight there instead of on the first tokens.",
        limitations="The weights sum to less than 1, so the output is a shrunk average of "
        "the values; a logit that dominates still saturates it, as softmax.",
        frameworks="PyTorch, JAX and Keras have no function. gpt-oss (openai/gpt-oss at "
        "commit 7b58334, gpt_oss/torch/model.py, sdpa) appends each head's sink S to the "
        "scaled attention logits as one more column, takes torch.softmax over the last "
        "axis and drops that column, as actlib does; softmax-1, the sink fixed at 0, is "
        "softmax_sink(z, sink=0.0), the default.",
        reference="Xiao et al., Efficient Streaming Language Models with Attention Sinks "
        "(2023); OpenAI, gpt-oss (2025).",
        params={"sink": Param(0.0, "z_0", slider=(-4.0, 4.0, 0.5), learnable=True)},
        validate=_check_sink,
        param_vjp_fns={"sink": softmax_sink_d_sink},
    )
)
