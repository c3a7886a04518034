r"""Vector activations: softmax, log-softmax, softmin and sparsemax over one axis, their
Jacobians and vjps.

All shift the logits by their maximum along the axis (each is unchanged by a shift), so
every exponent is at most 0 and nothing overflows for any finite logits. The shift
``z - max(z)`` is itself rounded; it is kept exactly as an unevaluated sum ``hi + lo``
(Knuth's TwoSum), so each softmax result is accurate to a few ulps relative, even for the
smallest probabilities, and each sparsemax output to a few eps absolute. Softmin is
softmax of ``-z``: negation is exact.

Non-finite logits: ``-inf`` is a masked entry (probability 0, log-probability ``-inf``;
for softmin, ``+inf``); a row whose logits are all masked, or that holds NaN or the other
infinity, has no result and gives NaN, silently.
"""

from __future__ import annotations

import numpy as np

from .._core import Interval, VectorActivation, register


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


def _support_sum(values: np.ndarray) -> np.ndarray:
    """The sum along the last axis, compensated (Neumaier): to about 1 ulp, in any order."""
    total = np.zeros(values.shape[:-1])
    error = np.zeros(values.shape[:-1])
    for j in range(values.shape[-1]):
        x = values[..., j]
        t = total + x
        error += np.where(np.abs(total) >= np.abs(x), (total - t) + x, (x - t) + total)
        total = t
    return total + error


def _sparsemax_last(z: np.ndarray) -> np.ndarray:
    """Sparsemax along the last axis, of length K >= 1."""
    hi, lo = _shifted_logits(z, -1)  # z - max(z) = hi + lo exactly; sparsemax is shift invariant
    row_ok = ~np.isnan(hi[..., :1])  # all -inf, +inf or NaN logits: no sparsemax
    hi, lo = np.where(row_ok, hi, 0.0), np.where(row_ok, lo, 0.0)
    # Descending by hi + lo (by hi, then lo): the support is a prefix of this order, the
    # largest k with 1 + k z_(k) > z_(1) + ... + z_(k), evaluated as (hi part) + (lo part).
    order = np.lexsort((-lo, -hi), axis=-1)
    ranked_hi = np.take_along_axis(hi, order, axis=-1)
    ranked_lo = np.take_along_axis(lo, order, axis=-1)
    k = np.arange(1, z.shape[-1] + 1)
    with np.errstate(over="ignore", invalid="ignore"):  # -inf (masked) logits sum to -inf
        margin = (1.0 + k * ranked_hi - np.cumsum(ranked_hi, axis=-1)) + (
            k * ranked_lo - np.cumsum(ranked_lo, axis=-1)
        )
        fits = margin > 0.0
    size = np.max(np.where(fits, k, 0), axis=-1, keepdims=True)  # k(z) >= 1: the top fits
    edge_hi = np.take_along_axis(ranked_hi, size - 1, axis=-1)
    edge_lo = np.take_along_axis(ranked_lo, size - 1, axis=-1)
    # ties at the threshold are in the support together
    support = (hi > edge_hi) | ((hi == edge_hi) & (lo >= edge_lo))
    # tau = (sum of the support's logits - 1) / |S|, the sum compensated and with the lo parts
    total = _support_sum(np.where(support, hi, 0.0)) + _support_sum(np.where(support, lo, 0.0))
    tau = (total[..., None] - 1.0) / np.sum(support, axis=-1, keepdims=True)
    p = np.where(support, np.maximum((hi - tau) + lo, 0.0), 0.0)
    return np.where(row_ok, p, np.nan)


def sparsemax_forward(z: np.ndarray, axis: int) -> np.ndarray:
    r"""Sparsemax along ``axis``, $p_i = \max(z_i - \tau, 0)$, the Euclidean projection of
    $z$ onto the probability simplex, with $\tau$ the threshold that makes $\sum_i p_i = 1$
    (Martins and Astudillo, 2016)."""
    if z.shape[axis] == 0:
        return z.copy()
    # tau from the sorted logits shifted by their maximum (exactly, as hi + lo) and a
    # compensated sum, so that each p_i is within a few eps; outside the support p_i = 0.
    return np.moveaxis(_sparsemax_last(np.moveaxis(z, axis, -1)), -1, axis)


def _support(z: np.ndarray, axis: int) -> np.ndarray:
    """The support indicator s_i = [p_i > 0] of sparsemax along ``axis`` (NaN rows stay NaN)."""
    p = sparsemax_forward(z, axis)
    return np.where(np.isnan(p), np.nan, p > 0.0)


def sparsemax_jacobian(z: np.ndarray, axis: int) -> np.ndarray:
    r"""$\frac{\partial p_i}{\partial z_j} = s_i\,\delta_{ij} - \frac{s_i s_j}{|S|}$, i.e.
    $\operatorname{diag}(s) - s s^\top / |S|$ with $s$ the support's indicator; shape
    (..., K, K). Where the support changes (some $p_i$ leaves 0) sparsemax has no
    derivative; this is the Jacobian of the support where $p_i > 0$."""
    s = np.moveaxis(_support(z, axis), axis, -1)
    size = np.maximum(np.sum(s, axis=-1, keepdims=True)[..., None], 1.0)  # K = 0: no 0 / 0
    return s[..., :, None] * np.eye(s.shape[-1]) - s[..., :, None] * s[..., None, :] / size


def sparsemax_vjp(z: np.ndarray, g: np.ndarray, axis: int) -> np.ndarray:
    r"""$(g^\top J)_j = s_j\,(g_j - \frac{1}{|S|} \sum_{i \in S} g_i)$: O(K), no K x K matrix."""
    s = _support(z, axis)
    size = np.maximum(np.sum(s, axis=axis, keepdims=True), 1.0)  # K = 0: no 0 / 0
    return s * (g - np.sum(s * g, axis=axis, keepdims=True) / size)


sparsemax = register(
    VectorActivation(
        name="sparsemax",
        display_name="Sparsemax",
        family="softmax",
        forward=sparsemax_forward,
        jacobian_fn=sparsemax_jacobian,
        vjp_fn=sparsemax_vjp,
        formula=r"s_i \left(z_i - \frac{\sum_{k} s_k z_k - 1}{\sum_{k} s_k}\right)",
        jacobian_of="p_i",
        jacobian_formula=r"s_i\,\delta_{ij} - \frac{s_i\,s_j}{\sum_{k} s_k}",
        jacobian_where=r"p = \operatorname{sparsemax}(z),\ s_i = [p_i > 0]",
        output_range=Interval(0.0, 1.0, lo_closed=True, hi_closed=True),
        use_case="A probability distribution with exact zeros: attention that ignores "
        "most keys, multi-label outputs, interpretable weights over a few classes.",
        limitations="Not differentiable where the support changes, and its gradient is "
        "zero for every logit outside the support: those logits get no training signal.",
        frameworks="Keras keras.activations.sparsemax(x, axis=-1); PyTorch and JAX have "
        "no function.",
        reference="Martins and Astudillo (2016).",
    )
)
