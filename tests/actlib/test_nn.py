"""actlib.nn: every backward pass against central finite differences."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import actlib
from actlib import nn
from tests.registry_cases import ELEMENTWISE

# The hidden activations worth a full-network check: every element-wise one except the
# step, whose derivative is 0 wherever it is defined (the check would pass trivially).
HIDDEN = [n for n in ELEMENTWISE if n != "binary_step"]
TOLERANCE = 1e-6


def make_batch(rng: np.random.Generator, n: int = 6, width: int = 3) -> np.ndarray:
    return rng.normal(size=(n, width))


def check_network_gradients(net: nn.MLP, x: np.ndarray, target: np.ndarray, loss_fn) -> None:
    """Backprop's gradient of every weight and bias equals central differences.

    Biases get random values first: with zero biases, a unit whose inputs are all 0 sits
    exactly on a kink, where the convention (ReLU'(0) = 0) and the central difference (the
    mean of the one-sided slopes) rightly disagree.
    """
    rng = np.random.default_rng(10)
    for layer in net.layers:
        layer.bias = rng.normal(0.0, 0.5, size=layer.bias.shape)
    trace = net.forward(x)
    _, grad_output = loss_fn(trace.output, target)
    grads = net.backward(trace, grad_output)

    def loss() -> float:
        return loss_fn(net(x), target)[0]

    for index, (layer, grad) in enumerate(zip(net.layers, grads, strict=True)):
        for label, array, analytic in (
            ("weights", layer.weights, grad.weights),
            ("bias", layer.bias, grad.bias),
        ):
            numeric = nn.numerical_gradient(loss, array)
            np.testing.assert_allclose(
                analytic,
                numeric,
                rtol=TOLERANCE,
                atol=TOLERANCE,
                err_msg=f"layer {index} {label}",
            )


@pytest.mark.parametrize("name", HIDDEN)
def test_mse_gradients_match_finite_differences(name: str) -> None:
    rng = np.random.default_rng(1)
    net = nn.MLP.create([3, 5, 4, 2], name, init="xavier", rng=rng)
    x, target = make_batch(rng), rng.normal(size=(6, 2))
    check_network_gradients(net, x, target, nn.mean_squared_error)


# With He initialisation, exponential hidden units push the logits, and so the loss, to
# about 1e6: central differences then lose about eps L / h = 1e-4 to rounding, far above
# TOLERANCE. Its backward pass is checked under the mean squared error above.
@pytest.mark.parametrize("name", [n for n in HIDDEN if n != "exponential"])
def test_cross_entropy_gradients_match_finite_differences(name: str) -> None:
    rng = np.random.default_rng(2)
    net = nn.MLP.create([3, 5, 4, 3], name, init="he", rng=rng)
    x = make_batch(rng)
    target = nn.one_hot(rng.integers(0, 3, size=6), 3)
    check_network_gradients(net, x, target, nn.softmax_cross_entropy)


def test_gradients_with_a_parameter_and_a_non_identity_output() -> None:
    rng = np.random.default_rng(3)
    net = nn.MLP.create(
        [3, 4, 2],
        "leaky_relu",
        output_activation="sigmoid",
        params={"negative_slope": 0.2},
        rng=rng,
    )
    assert net.layers[0].params == {"negative_slope": 0.2}
    check_network_gradients(net, make_batch(rng), rng.uniform(size=(6, 2)), nn.mean_squared_error)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_seed_output_layer_formula(name: str) -> None:
    """dE/dw_jk = (g(z_k) - t_k) g'(z_k) x_j for E = 1/2 sum_k (g(z_k) - t_k)^2."""
    rng = np.random.default_rng(4)
    act = actlib.get(name)
    x = rng.normal(size=4)  # x_j, j = 1..M
    w = rng.normal(size=(4, 3))  # w_{j,k}
    t = rng.normal(size=3)  # t_k

    def error() -> float:
        return float(0.5 * np.sum((act(x @ w) - t) ** 2))

    z = x @ w
    formula = np.outer(x, (act(z) - t) * act.derivative(z))
    np.testing.assert_allclose(formula, nn.numerical_gradient(error, w), rtol=1e-6, atol=1e-6)


def test_softmax_cross_entropy_gradient_is_s_minus_y() -> None:
    rng = np.random.default_rng(5)
    logits = rng.normal(scale=3.0, size=(1, 5))
    target = nn.one_hot(np.array([2]), 5)
    _, grad = nn.softmax_cross_entropy(logits, target)
    s = actlib.get("softmax")(logits)
    np.testing.assert_array_equal(grad, s - target)  # the formula, for a batch of one

    def loss() -> float:
        return nn.softmax_cross_entropy(logits, target)[0]

    np.testing.assert_allclose(grad, nn.numerical_gradient(loss, logits), atol=TOLERANCE)


def test_cross_entropy_stays_finite_for_extreme_logits() -> None:
    logits = np.array([[1000.0, 0.0, -1000.0]])
    loss, grad = nn.softmax_cross_entropy(logits, nn.one_hot(np.array([2]), 3))
    assert loss == pytest.approx(2000.0)
    np.testing.assert_allclose(grad, [[1.0, 0.0, -1.0]], atol=1e-300)


def test_numerical_gradient_of_a_known_function_and_restores_input() -> None:
    w = np.array([[0.5, -1.0], [2.0, 3.0]])
    before = w.copy()
    grad = nn.numerical_gradient(lambda: float(np.sum(w**3)), w)
    np.testing.assert_allclose(grad, 3 * before**2, rtol=1e-8)
    np.testing.assert_array_equal(w, before)


@pytest.mark.parametrize("scheme, variance", [("xavier", 2 / (400 + 200)), ("he", 2 / 400)])
def test_initialisation_variance(scheme: nn.Init, variance: float) -> None:
    w = nn.init_weights(400, 200, scheme, np.random.default_rng(6))
    assert w.shape == (400, 200)
    assert abs(w.mean()) < 0.01 * np.sqrt(variance) * 10
    assert w.var() == pytest.approx(variance, rel=0.02)


def test_sgd_step_lowers_the_loss() -> None:
    rng = np.random.default_rng(7)
    net = nn.MLP.create([2, 8, 1], "tanh", init="xavier", rng=rng)
    x, t = rng.normal(size=(16, 2)), rng.normal(size=(16, 1))
    trace = net.forward(x)
    before, grad_output = nn.mean_squared_error(trace.output, t)
    net.sgd_step(net.backward(trace, grad_output), learning_rate=1e-2)
    assert nn.mean_squared_error(net(x), t)[0] < before


def test_same_seed_same_network() -> None:
    a = nn.MLP.create([2, 3, 1], "relu", rng=np.random.default_rng(8))
    b = nn.MLP.create([2, 3, 1], "relu", rng=np.random.default_rng(8))
    for la, lb in zip(a.layers, b.layers, strict=True):
        np.testing.assert_array_equal(la.weights, lb.weights)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: nn.init_weights(3, 2, "glorot", np.random.default_rng()), "xavier"),
        (lambda: nn.init_weights(0, 2, "he", np.random.default_rng()), ">= 1"),
        (lambda: nn.MLP.create([3], "relu", rng=np.random.default_rng()), "input and an output"),
        (lambda: nn.MLP.create([3, 4, 4, 1], ["relu"], rng=np.random.default_rng()), "2 hidden"),
        (lambda: nn.MLP.create([3, 4, 1], "softmax", rng=np.random.default_rng()), "element"),
        (lambda: nn.MLP.create([3, 1], "relu", rng=np.random.default_rng())(np.ones(3)), "shape"),
        (lambda: nn.mean_squared_error(np.ones((2, 1)), np.ones((2, 2))), "same shape"),
        (lambda: nn.one_hot(np.array([0, 3]), 3), r"\[0, 2\]"),
        (lambda: nn.one_hot(np.array([0.5]), 3), "integer"),
    ],
)
def test_bad_input_gets_a_clear_error(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_unknown_activation_lists_valid_names() -> None:
    with pytest.raises(KeyError, match="relu"):
        nn.MLP.create([3, 4, 1], "rleu", rng=np.random.default_rng())


def test_sgd_rejects_a_non_positive_learning_rate() -> None:
    net = nn.MLP.create([2, 1], "relu", rng=np.random.default_rng(9))
    grads = [nn.Gradient(np.zeros((2, 1)), np.zeros(1))]
    with pytest.raises(ValueError, match="learning_rate"):
        net.sgd_step(grads, 0.0)


# ---------------------------------------------------------------------------
# The playground's pieces: binary cross-entropy, penalties, optimisers, train_step
# ---------------------------------------------------------------------------


def playground_net(rng: np.random.Generator) -> nn.MLP:
    """A 3-5-4-1 network with a different activation per hidden layer, one with a parameter."""
    sizes = [3, 5, 4, 1]
    weights = [rng.normal(0, 0.8, size=(a, b)) for a, b in itertools.pairwise(sizes)]
    biases = [rng.normal(0, 0.5, size=b) for b in sizes[1:]]
    return nn.MLP.from_weights(weights, biases, [("tanh", {}), ("elu", {"alpha": 0.5})])


def test_binary_cross_entropy_is_its_definition_and_its_gradient_sigma_minus_t() -> None:
    rng = np.random.default_rng(11)
    logits = rng.normal(scale=2.0, size=(7, 1))
    target = rng.integers(0, 2, size=(7, 1)).astype(float)
    loss, grad = nn.binary_cross_entropy_with_logits(logits, target)
    p = 1 / (1 + np.exp(-logits))
    assert loss == pytest.approx(np.mean(-target * np.log(p) - (1 - target) * np.log(1 - p)))
    # The stable form docs/playground.md prints.
    stable = np.maximum(logits, 0) - target * logits + np.log1p(np.exp(-np.abs(logits)))
    assert loss == pytest.approx(np.mean(stable), rel=1e-15)

    def value() -> float:
        return nn.binary_cross_entropy_with_logits(logits, target)[0]

    np.testing.assert_allclose(grad, nn.numerical_gradient(value, logits), atol=TOLERANCE)


def test_binary_cross_entropy_stays_finite_for_extreme_logits() -> None:
    loss, grad = nn.binary_cross_entropy_with_logits(
        np.array([[800.0], [-800.0]]), np.array([[0.0], [0.0]])
    )
    assert loss == pytest.approx(400.0)  # (800 + 0) / 2: softplus(800) = 800
    np.testing.assert_allclose(grad, [[0.5], [0.0]], atol=1e-300)


@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_penalty_gradient_matches_finite_differences(kind: nn.Regularisation) -> None:
    w = np.random.default_rng(12).normal(size=(4, 3))
    w[np.abs(w) < 0.01] = 0.5  # L1 has a kink at 0, where central differences average

    def value() -> float:
        return nn.penalty([w], kind, 0.3)

    np.testing.assert_allclose(
        nn.penalty_gradient(w, kind, 0.3), nn.numerical_gradient(value, w), atol=TOLERANCE
    )


def test_penalties_are_tensorflow_playgrounds() -> None:
    w = [np.array([[1.0, -2.0]]), np.array([[3.0]])]
    assert nn.penalty(w, "l1", 0.1) == pytest.approx(0.1 * 6)
    assert nn.penalty(w, "l2", 0.1) == pytest.approx(0.1 * 0.5 * 14)
    assert nn.penalty(w, "none", 0.1) == 0.0
    np.testing.assert_array_equal(nn.penalty_gradient(np.array([0.0, -2.0]), "l1", 1.0), [0, -1])


@pytest.mark.parametrize("task", ["classification", "regression"])
@pytest.mark.parametrize("kind", ["none", "l1", "l2"])
def test_train_step_gradients_are_the_objectives(task: nn.Task, kind: nn.Regularisation) -> None:
    """The gradients train_step reports (and the optimiser uses) are those of loss + penalty."""
    rng = np.random.default_rng(13)
    net = playground_net(rng)
    x = rng.normal(size=(9, 3))
    target = (
        rng.integers(0, 2, size=(9, 1)).astype(float)
        if task == "classification"
        else rng.normal(size=(9, 1))
    )
    loss_fn = (
        nn.binary_cross_entropy_with_logits if task == "classification" else nn.mean_squared_error
    )
    rate = 0.05

    def objective() -> float:
        weights = [layer.weights for layer in net.layers]
        return loss_fn(net(x), target)[0] + nn.penalty(weights, kind, rate)

    numeric = [
        (
            nn.numerical_gradient(objective, layer.weights),
            nn.numerical_gradient(objective, layer.bias),
        )
        for layer in net.layers
    ]
    data_loss = loss_fn(net(x), target)[0]
    report = nn.train_step(
        net, x, target, nn.SGD(0.1), task=task, regularisation=kind, regularisation_rate=rate
    )
    assert report.loss == data_loss  # the data loss, without the penalty
    for index, (grad, (gw, gb)) in enumerate(zip(report.gradients, numeric, strict=True)):
        np.testing.assert_allclose(grad.weights, gw, atol=TOLERANCE, err_msg=f"layer {index} W")
        np.testing.assert_allclose(grad.bias, gb, atol=TOLERANCE, err_msg=f"layer {index} b")
        assert report.norms[index] == pytest.approx(np.sqrt(np.sum(gw**2)), rel=1e-5)
        # The mean |dL/dw| over the weights into each unit: the column means of |dL/dW|.
        np.testing.assert_allclose(report.unit_gradients[index], np.abs(gw).mean(axis=0), atol=1e-6)


def test_train_step_moves_the_weights_as_plain_sgd_does() -> None:
    rng = np.random.default_rng(14)
    a = playground_net(rng)
    b = nn.MLP.from_weights(
        [layer.weights for layer in a.layers],
        [layer.bias for layer in a.layers],
        [("tanh", {}), ("elu", {"alpha": 0.5})],
    )
    x, target = rng.normal(size=(5, 3)), rng.integers(0, 2, size=(5, 1)).astype(float)
    report = nn.train_step(a, x, target, nn.SGD(0.2))
    b.sgd_step(report.gradients, 0.2)
    for la, lb in zip(a.layers, b.layers, strict=True):
        np.testing.assert_array_equal(la.weights, lb.weights)


def test_dead_units_are_those_with_zero_slope_at_every_point() -> None:
    rng = np.random.default_rng(15)
    net = nn.MLP.from_weights(
        [rng.normal(size=(2, 3)), rng.normal(size=(3, 1))],
        [np.array([-100.0, 0.0, 100.0]), np.zeros(1)],
        [("relu", {})],
    )
    x = rng.uniform(-1, 1, size=(20, 2))
    np.testing.assert_array_equal(nn.dead_units(net, x)[0], [True, False, False])
    report = nn.train_step(net, x, np.ones((20, 1)), nn.SGD(0.1))
    np.testing.assert_array_equal(report.dead[0], [True, False, False])


def test_momentum_under_a_constant_gradient() -> None:
    """PyTorch's momentum (b_1 = g): after t steps, p has moved by
    rate g sum_{k=1..t} (1 - beta^k) / (1 - beta)."""
    beta, rate, g = 0.8, 0.1, np.array([1.0, -3.0])
    p = np.zeros(2)
    optimiser = nn.Momentum(rate, beta=beta)
    for t in range(1, 7):
        optimiser.update([p], [g])
        moved = rate * g * sum((1 - beta**k) / (1 - beta) for k in range(1, t + 1))
        np.testing.assert_allclose(p, -moved, rtol=1e-12)


def test_adam_under_a_constant_gradient_moves_rate_per_step() -> None:
    """With g constant, both bias-corrected moments are exact: each step is rate g / (|g| + eps)."""
    rate, eps, g = 0.01, 1e-3, np.array([2.0, -0.5, 0.0])
    p = np.zeros(3)
    optimiser = nn.Adam(rate, beta1=0.7, beta2=0.95, epsilon=eps)
    for t in range(1, 6):
        optimiser.update([p], [g])
        np.testing.assert_allclose(p, -t * rate * g / (np.abs(g) + eps), rtol=1e-12)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: nn.penalty([np.ones(2)], "l3", 0.1), "regularisation"),  # type: ignore[arg-type]
        (lambda: nn.penalty_gradient(np.ones(2), "l0", 0.1), "regularisation"),  # type: ignore[arg-type]
        (
            lambda: nn.train_step(
                nn.MLP.from_weights([np.ones((2, 1))], [np.zeros(1)], []),
                np.ones((3, 2)),
                np.ones((3, 1)),
                nn.SGD(0.1),
                task="ranking",  # type: ignore[arg-type]
            ),
            "task",
        ),
        (lambda: nn.MLP.from_weights([np.ones((2, 1))], [np.zeros(1)], [("relu", {})]), "0 activ"),
    ],
)
def test_playground_pieces_reject_bad_input(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
