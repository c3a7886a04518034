r"""Sparse maps: sparse plus and sparse sigmoid, and sparsemax, the Euclidean projection
of the logits onto the probability simplex (sparse sigmoid is its two-class case).

The page is ``docs/functions/sparse.md``. Like softmax it shifts the logits by their
maximum first (sparsemax is unchanged by a shift), and each output is accurate to a few
eps absolute; unlike softmax, outputs outside the support are exactly 0. Non-finite
logits: ``-inf`` is a masked entry (probability 0); a row that is all masked, or holds
``+inf`` or NaN, gives NaN, silently.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._core import Activation, VectorActivation, check_real, exact, register
from .._stable import _keep_nan
from .._types import Case, Interval, Param
from .softmax import _shifted_logits


def sparse_plus_forward(x: np.ndarray) -> np.ndarray:
    r"""Sparse plus, $0$ for $x \le -1$, $\frac{(x + 1)^2}{4}$ for $-1 < x < 1$ and $x$ for
    $x \ge 1$ (Blondel, Martins & Niculae, 2020)."""
    # x clipped to [-1, 1] makes x + 1 zero below -1: one branch covers every x < 1.
    t = np.clip(x, -1.0, 1.0) + 1.0
    return np.where(x >= 1.0, x, 0.25 * (t * t))


def sparse_plus_backward(x: np.ndarray) -> np.ndarray:
    r"""Sparse sigmoid, $\frac{x + 1}{2}$ clipped to $[0, 1]$: both one-sided slopes agree at
    $\pm 1$ (0 at $-1$, 1 at $1$), so these are the derivative itself, not a convention."""
    return sparse_sigmoid_forward(x)


def sparse_plus_second(x: np.ndarray) -> np.ndarray:
    r"""$\frac{1}{2}$ for $-1 < x < 1$, else $0$: the derivative of sparse sigmoid. At
    $\pm 1$, where it jumps, the flat pieces' 0, the side sparse sigmoid's derivative takes."""
    return sparse_sigmoid_backward(x)


sparse_plus = register(
    Activation(
        name="sparse_plus",
        display_name="Sparse plus",
        family="sparse",
        forward=sparse_plus_forward,
        backward=sparse_plus_backward,
        formula=(
            Case("0", r"x \le -1"),
            Case(r"\frac{(x + 1)^2}{4}", r"-1 < x < 1"),
            Case("x", r"x \ge 1"),
        ),
        derivative_formula=(
            Case("0", r"x \le -1"),
            Case(r"\frac{x + 1}{2}", r"-1 < x < 1"),
            Case("1", r"x \ge 1"),
        ),
        second=sparse_plus_second,
        second_derivative_formula=(
            Case("0", r"x \le -1"),
            Case(r"\frac{1}{2}", r"-1 < x < 1"),
            Case("0", r"x \ge 1"),
        ),
        use_case="A softplus that is exactly ReLU outside [-1, 1]: the smooth (C^1) "
        "rectifier whose derivative is sparse_sigmoid, as softplus's is the sigmoid.",
        limitations="Exactly 0 below -1, so units can die as with ReLU; only C^1 (its "
        "second derivative jumps at ±1); sparse_plus(0) = 1/4, not 0.",
        frameworks="JAX jax.nn.sparse_plus and Keras 3 keras.activations.sparse_plus, "
        "with the same pieces: their where branches give gradient 0 at -1 and 1 at 1, "
        "which is the derivative itself. PyTorch has no function.",
        reference="Blondel, Martins & Niculae, Learning with Fenchel-Young Losses (2020).",
    )
)


def sparse_sigmoid_forward(x: np.ndarray) -> np.ndarray:
    r"""Sparse sigmoid, $0$ for $x \le -1$, $\frac{x + 1}{2}$ for $-1 < x < 1$ and $1$ for
    $x \ge 1$: the sparsemax of the two logits $(x, 0)$."""
    # Clipping first keeps x + 1 exact near -1 (Sterbenz) and finite for every x.
    return 0.5 * (np.clip(x, -1.0, 1.0) + 1.0)


def sparse_sigmoid_backward(x: np.ndarray) -> np.ndarray:
    r"""$\frac{1}{2}$ for $-1 < x < 1$, else $0$: SparseSigmoid'(±1) = 0, the value of the
    flat pieces that hold $\pm 1$ (Keras's TensorFlow and PyTorch backends give 0 too; JAX 1/4)."""
    return _keep_nan(x, np.where(np.abs(x) < 1.0, 0.5, 0.0))


@exact
def sparse_sigmoid_second(x: np.ndarray) -> np.ndarray:
    r"""$0$: every piece is linear. At $\pm 1$, where the derivative jumps, the flat pieces'
    0 (the distributional second derivative has a point mass of $\pm\frac{1}{2}$ there)."""
    return _keep_nan(x, np.zeros_like(x))


sparse_sigmoid = register(
    Activation(
        name="sparse_sigmoid",
        display_name="Sparse sigmoid",
        family="sparse",
        forward=sparse_sigmoid_forward,
        backward=sparse_sigmoid_backward,
        formula=(
            Case("0", r"x \le -1"),
            Case(r"\frac{x + 1}{2}", r"-1 < x < 1"),
            Case("1", r"x \ge 1"),
        ),
        derivative_formula=(
            Case("0", r"x \le -1"),
            Case(r"\frac{1}{2}", r"-1 < x < 1"),
            Case("0", r"x \ge 1"),
        ),
        second=sparse_sigmoid_second,
        second_derivative_formula="0",
        use_case="A probability with exact 0s and 1s: the two-class sparsemax, for gates "
        "and binary outputs that should switch fully off or on.",
        limitations="Zero gradient outside (-1, 1), so a saturated unit does not learn; "
        "kinks at ±1; its largest slope is 1/2.",
        frameworks="JAX jax.nn.sparse_sigmoid computes 0.5 * clip(x + 1, 0, 2), and JAX "
        "splits the gradient of max and min equally at a tie, so its gradient at ±1 is "
        "1/4. Keras 3 keras.activations.sparse_sigmoid calls it on the JAX backend, and "
        "on TensorFlow and PyTorch uses where with the flat pieces closed: gradient 0 at "
        "±1, as here. PyTorch has no function.",
        reference="Blondel, Martins & Niculae, Learning with Fenchel-Young Losses (2020).",
    )
)


def _support_sum(values: np.ndarray) -> np.ndarray:
    """The sum along the last axis, compensated: to about 1 ulp, in any order. Neighbours
    are added pairwise, level by level, and the exact error of each addition (Knuth's
    TwoSum) is summed apart and added last: log2(K) steps over whole arrays, not K."""
    total = values
    error = np.zeros(values.shape[:-1])
    while total.shape[-1] > 1:
        if total.shape[-1] % 2:  # an odd one out is paired with an exact 0
            total = np.concatenate([total, np.zeros((*total.shape[:-1], 1))], axis=-1)
        a, b = total[..., 0::2], total[..., 1::2]
        total = a + b
        b_part = total - a
        error += np.sum((a - (total - b_part)) + (b - b_part), axis=-1)
    return total[..., 0] + error


def _sparsemax_last(z: np.ndarray) -> np.ndarray:
    """Sparsemax along the last axis, of length K >= 1."""
    # The logits shifted by their maximum (sparsemax is shift invariant) and rounded: an
    # entry of the support, or near its edge, has |z - max| < 1 (p <= 1 puts tau above
    # max - 1), so the rounding moves it by at most eps/4, and tau, computed from the
    # same rounded values, by no more. Farther entries only need their order.
    if z.size == 0:  # rows of logits, but no rows
        return z.copy()
    top = np.max(z, axis=-1, keepdims=True)
    row_ok = np.isfinite(top)  # all -inf, +inf or NaN logits: no sparsemax
    every_row_ok = bool(row_ok.all())
    # inf - inf only in a row that gives NaN anyway; an overflow to -inf is an entry
    # farther than any float below the maximum, as far from the support as a masked one
    with np.errstate(invalid="ignore", over="ignore"):
        hi = z - top if every_row_ok else np.where(row_ok, z - np.where(row_ok, top, 0.0), 0.0)
    # Descending: the support is a prefix of this order, the largest k with
    # 1 + k z_(k) > z_(1) + ... + z_(k).
    ranked = np.sort(hi, axis=-1)[..., ::-1]
    k = np.arange(1, z.shape[-1] + 1)
    with np.errstate(over="ignore", invalid="ignore"):  # -inf (masked) logits sum to -inf
        fits = (1.0 + k * ranked - np.cumsum(ranked, axis=-1)) > 0.0
    size = np.max(np.where(fits, k, 0), axis=-1, keepdims=True)  # k(z) >= 1: the top fits
    edge = np.take_along_axis(ranked, size - 1, axis=-1)
    # ties at the threshold are in the support together: it is the prefix of the ranked
    # logits down to the edge's value, and its sum is compensated over that prefix alone
    support = hi >= edge
    count = np.sum(support, axis=-1, keepdims=True)
    width = int(np.max(count))
    prefix = np.where(k[:width] <= count, ranked[..., :width], 0.0)
    tau = (_support_sum(prefix)[..., None] - 1.0) / count
    p = np.where(support, np.maximum(hi - tau, 0.0), 0.0)
    return p if every_row_ok else np.where(row_ok, p, np.nan)


def sparsemax_forward(z: np.ndarray, axis: int) -> np.ndarray:
    r"""Sparsemax along ``axis``, $p_i = \max(z_i - \tau, 0)$, the Euclidean projection of
    $z$ onto the probability simplex, with $\tau$ the threshold that makes $\sum_i p_i = 1$
    (Martins and Astudillo, 2016)."""
    if z.shape[axis] == 0:
        return z.copy()
    # tau from the sorted logits shifted by their maximum and a compensated sum over the
    # support, so that each p_i is within a few eps; outside the support p_i = 0.
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
        family="sparse",
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
        frameworks="Keras keras.activations.sparsemax(x, axis=-1), but not as it stands: "
        "in Keras 3.15.1, on every backend and still on its main branch, its threshold "
        "sums the cumulative sums over the support where it needs only the last, so it is "
        "wrong whenever two or more logits share the probability: it returns all zeros "
        "for [2, 1.5, 0, -3, 1], whose sparsemax is [0.75, 0.25, 0, 0, 0]. PyTorch and "
        "JAX have no function.",
        reference="Martins and Astudillo (2016).",
    )
)


def _check_alpha(alpha: float) -> None:
    # past 2 the Jacobian's weights p^(2 - alpha) grow without bound as an entry leaves the
    # support; at 1 entmax is softmax, whose formulas here would divide by alpha - 1 = 0
    check_real("alpha", alpha)
    if not 1.0 < alpha <= 2.0:
        raise ValueError(
            "alpha must be a real number in (1, 2] (alpha -> 1 is softmax, 2 is sparsemax); "
            f"got {alpha!r}"
        )


def _entmax15_last(x: np.ndarray) -> np.ndarray:
    r"""1.5-entmax along the last axis of ``x = (z - max z) / 2``, by the sort: on a support
    of the k largest, $\sum (x_i - \tau)^2 = 1$ is a quadratic with
    $\tau = \bar x - \sqrt{(1 - k\,\mathrm{var})/k}$."""
    # tau >= -1 (the top entry's p = tau^2 <= 1), so an entry below -2 is never in the
    # support: clipping there keeps x^2 finite and changes no tau.
    ranked = -np.sort(-np.maximum(x, -2.0), axis=-1)
    k = np.arange(1, x.shape[-1] + 1)
    mean = np.cumsum(ranked, axis=-1) / k
    spread = np.cumsum((ranked - ranked[..., :1]) ** 2, axis=-1) / k - (mean - ranked[..., :1]) ** 2
    tau = mean - np.sqrt(np.maximum((1.0 - k * spread) / k, 0.0))
    size = np.sum(tau <= ranked, axis=-1, keepdims=True)
    threshold = np.take_along_axis(tau, size - 1, axis=-1)
    return np.maximum(x - threshold, 0.0) ** 2


def _entmax_bisect_last(x: np.ndarray, alpha: float) -> np.ndarray:
    r"""$\alpha$-entmax along the last axis of ``x = (alpha - 1)(z - max z)``: $\tau$ by
    bisection on $\sum_i [x_i - \tau]_+^{1/(\alpha - 1)} = 1$, as entmax_bisect does."""
    power = 1.0 / (alpha - 1.0)
    x = np.maximum(x, -2.0)  # tau >= -1: lower entries get 0 in any case, and stay finite
    lo = np.full((*x.shape[:-1], 1), -1.0)  # the sum is >= 1 here (the top term is 1)
    width = 1.0 - (1.0 / x.shape[-1]) ** (alpha - 1.0)  # and <= 1 at lo + width
    for _ in range(64):  # the width halves to below an ulp of tau
        width /= 2.0
        mid = lo + width
        total = np.sum(np.maximum(x - mid, 0.0) ** power, axis=-1, keepdims=True)
        lo = np.where(total >= 1.0, mid, lo)
    p = np.maximum(x - lo, 0.0) ** power
    return p / np.sum(p, axis=-1, keepdims=True)


def entmax_forward(z: np.ndarray, axis: int, alpha: float) -> np.ndarray:
    r"""$\alpha$-entmax along ``axis``, $p_i = [(\alpha - 1) z_i - \tau]_+^{1/(\alpha - 1)}$ with
    $\tau$ the threshold that makes $\sum_i p_i = 1$ (Peters, Niculae & Martins, 2019):
    softmax as $\alpha \to 1$, sparsemax at $\alpha = 2$."""
    if z.shape[axis] == 0:
        return z.copy()
    if alpha == 2.0:  # sparsemax, with its own exact shift
        return sparsemax_forward(z, axis)
    hi, lo = _shifted_logits(z, axis)  # entmax, like sparsemax, is unchanged by a shift
    row_ok = ~np.isnan(np.take(hi, [0], axis=axis))
    shifted = np.moveaxis(np.where(row_ok, hi + lo, 0.0), axis, -1)
    # 1.5 (as 2) has a closed-form tau on the sorted logits; other alphas bisect for it
    if alpha == 1.5:
        p = _entmax15_last(shifted / 2.0)
    else:
        # below -2 / (alpha - 1) an entry is out of the support (_entmax_bisect_last): the
        # cut keeps (alpha - 1) z finite for any alpha
        cut = np.maximum(shifted, -2.0 / (alpha - 1.0) - 1.0)
        p = _entmax_bisect_last((alpha - 1.0) * cut, alpha)
    return np.where(row_ok, np.moveaxis(p, -1, axis), np.nan)


def _entmax_weights(z: np.ndarray, axis: int, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    r"""``(p, w)``: entmax and $w_i = p_i^{2 - \alpha}$ on the support, 0 off it."""
    p = entmax_forward(z, axis, alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(p > 0.0, p ** (2.0 - alpha), np.where(np.isnan(p), np.nan, 0.0))
    return p, w


def entmax_jacobian(z: np.ndarray, axis: int, alpha: float) -> np.ndarray:
    r"""$\frac{\partial p_i}{\partial z_j} = w_i\,\delta_{ij} - \frac{w_i w_j}{\sum_k w_k}$ with
    $w_i = p_i^{2 - \alpha}$ on the support and 0 off it; shape (..., K, K)."""
    _, w = _entmax_weights(z, axis, alpha)
    w = np.moveaxis(w, axis, -1)
    total = np.sum(w, axis=-1, keepdims=True)[..., None]
    total = np.where(total > 0.0, total, 1.0)  # K = 0: no 0 / 0
    return w[..., :, None] * np.eye(w.shape[-1]) - w[..., :, None] * w[..., None, :] / total


def _along_last(fn: Any) -> Any:
    """``fn(z, g, -1, alpha)`` on z and g with ``axis`` moved last, in C order, and moved
    back: its sums then run along contiguous memory, in the same order for a whole batch
    as for any slice of it (NumPy sums a strided axis in another order)."""

    def moved(z: np.ndarray, g: np.ndarray, axis: int, alpha: float) -> np.ndarray:
        z_last = np.ascontiguousarray(np.moveaxis(z, axis, -1))
        g_last = np.ascontiguousarray(np.moveaxis(g, axis, -1))
        return np.moveaxis(fn(z_last, g_last, -1, alpha), -1, axis)

    moved.__doc__ = fn.__doc__
    return moved


@_along_last
def entmax_vjp(z: np.ndarray, g: np.ndarray, axis: int, alpha: float) -> np.ndarray:
    r"""$(g^\top J)_j = w_j\,(g_j - \sum_i g_i w_i / \sum_k w_k)$: O(K), no K x K matrix."""
    _, w = _entmax_weights(z, axis, alpha)
    total = np.sum(w, axis=axis, keepdims=True)
    total = np.where(total > 0.0, total, 1.0)
    return w * (g - np.sum(g * w, axis=axis, keepdims=True) / total)


@_along_last
def entmax_d_alpha(z: np.ndarray, g: np.ndarray, axis: int, alpha: float) -> np.ndarray:
    r"""$\sum_i g_i \frac{\partial p_i}{\partial \alpha}$, with (Correia, Niculae & Martins,
    2019) $\frac{\partial p_i}{\partial \alpha} = \frac{p_i - \hat w_i}{(\alpha - 1)^2}
    - \frac{p_i \ln p_i - \hat w_i \sum_j p_j \ln p_j}{\alpha - 1}$, $\hat w = w / \sum_k w_k$."""
    p, w = _entmax_weights(z, axis, alpha)
    total = np.sum(w, axis=axis, keepdims=True)
    w_hat = w / np.where(total > 0.0, total, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_log_p = np.where(p > 0.0, p * np.log(p), np.where(np.isnan(p), np.nan, 0.0))
    entropy_part = p_log_p - w_hat * np.sum(p_log_p, axis=axis, keepdims=True)
    d_p = (p - w_hat) / (alpha - 1.0) ** 2 - entropy_part / (alpha - 1.0)
    return np.sum(g * d_p, axis=axis, keepdims=True)


entmax = register(
    VectorActivation(
        name="entmax",
        display_name="α-entmax",
        family="sparse",
        forward=entmax_forward,
        jacobian_fn=entmax_jacobian,
        vjp_fn=entmax_vjp,
        formula=r"\max\bigl((\alpha - 1)\,z_i - \tau, 0\bigr)^{1/(\alpha - 1)}",
        jacobian_of="p_i",
        jacobian_formula=r"s_i\,\delta_{ij} - \frac{s_i\,s_j}{\sum_{k} s_k}",
        jacobian_where=r"p = \operatorname{entmax}_\alpha(z),\ s_i = p_i^{2 - \alpha}\,[p_i > 0],"
        r"\ \tau: \sum_i p_i = 1",
        output_range=Interval(0.0, 1.0, lo_closed=True, hi_closed=True),
        use_case="Sparse attention and outputs between softmax and sparsemax: 1.5-entmax "
        "(the default) zeroes the least likely entries but spreads the rest more smoothly "
        "than sparsemax; alpha can be learned per attention head.",
        limitations="Not differentiable where the support changes; no gradient for a "
        "logit outside the support; alpha other than 1.5 and 2 needs a bisection (64 "
        "halvings here), and d/d alpha is ill-conditioned as alpha nears 1.",
        frameworks="PyTorch, JAX and Keras have no function: the entmax package "
        "(deep-spin/entmax, 1.4.dev0, commit c2bec6d) has entmax15 (the sort, as actlib at "
        "alpha = 1.5), sparsemax (alpha = 2) and entmax_bisect(X, alpha), which scales the "
        "logits by alpha - 1 and bisects for tau (n_iter=50 halvings, in the input's "
        "dtype), as actlib does for other alphas (64 halvings, in float64). All take "
        "dim=-1 by default, and entmax_bisect alpha=1.5, as here.",
        reference="Peters, Niculae & Martins, Sparse Sequence-to-Sequence Models (2019).",
        params={"alpha": Param(1.5, r"\alpha", slider=(1.1, 2.0, 0.1), learnable=True)},
        validate=_check_alpha,
        param_vjp_fns={"alpha": entmax_d_alpha},
    )
)
