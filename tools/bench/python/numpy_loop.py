"""The bench loops in NumPy, one trial at a time, written the way the seed documents write them:
a plain `for step in range(...)` over hand-derived gradients, one trial after another.

Usage: numpy_loop.py CANONICAL_SPEC.json   (from `repro validate SPEC --canonical`)
"""
import sys

import numpy as np

from common import expect, init_value, load_spec, record_steps, regression_data, report, trials


def min_norm(point, seed):
    """GD on mean squared error of a linear model (case a)."""
    expect(point, model="linear", optimizer="gd", loss="mse")
    X, y, _, _ = regression_data(point["data"], seed)
    n, p = X.shape
    lr, steps = point["optimizer"]["lr"], point["train"]["steps"]
    theta = init_value(point["init"], p, np.random.default_rng([seed, 1]))
    record = set(record_steps(point["train"]))
    losses = [np.mean((X @ theta - y) ** 2)]
    for step in range(1, steps + 1):
        gradient = 2 * X.T @ (X @ theta - y) / n
        theta = theta - lr * gradient
        if step in record:
            losses.append(np.mean((X @ theta - y) ** 2))
    return losses[-1]


def diagonal(point, seed):
    """GD on w = u∘u − v∘v, f(x) = ⟨w, x⟩ (case b)."""
    expect(point, model="diagonal-net", optimizer="gd", loss="mse")
    X, y, _, _ = regression_data(point["data"], seed)
    n, d = X.shape
    lr, steps = point["optimizer"]["lr"], point["train"]["steps"]
    rng = np.random.default_rng([seed, 1])
    u, v = init_value(point["init"], d, rng), init_value(point["init"], d, rng)
    record = set(record_steps(point["train"]))
    losses = [np.mean((X @ (u * u - v * v) - y) ** 2)]
    for step in range(1, steps + 1):
        g = 2 * X.T @ (X @ (u * u - v * v) - y) / n
        u, v = u - lr * 2 * u * g, v + lr * 2 * v * g
        if step in record:
            losses.append(np.mean((X @ (u * u - v * v) - y) ** 2))
    return losses[-1]


def relu_sgd(point, seed):
    """Minibatch SGD on a one-hidden-layer ReLU network, NTK parametrization (case c)."""
    expect(point, model="mlp", optimizer="sgd", loss="mse")
    X, y, X_test, y_test = regression_data(point["data"], seed)
    n, d = X.shape
    h = point["model"]["hidden"]
    lr, batch, steps = point["optimizer"]["lr"], point["optimizer"]["batch_size"], point["train"]["steps"]
    rng = np.random.default_rng([seed, 1])
    W1, b1 = init_value(point["init"], (d, h), rng), init_value(point["init"], h, rng)
    W2, b2 = init_value(point["init"], h, rng), init_value(point["init"], 1, rng)
    sd, sh = np.sqrt(d), np.sqrt(h)

    def predict(x):
        return np.maximum(x @ W1 / sd + b1, 0) @ W2 / sh + b2

    batches = np.random.default_rng([seed, 2])
    record = set(record_steps(point["train"]))
    losses = [(np.mean((predict(X) - y) ** 2), np.mean((predict(X_test) - y_test) ** 2))]
    order, position = None, n
    for step in range(1, steps + 1):
        if position + batch > n:
            order, position = batches.permutation(n), 0
        idx = order[position:position + batch]
        position += batch
        xb, yb = X[idx], y[idx]
        z = xb @ W1 / sd + b1
        a = np.maximum(z, 0)
        r = a @ W2 / sh + b2 - yb
        dout = 2 * r / batch
        dz = np.outer(dout, W2 / sh) * (z > 0)
        W2 = W2 - lr * (a.T @ dout) / sh
        b2 = b2 - lr * dout.sum()
        W1 = W1 - lr * (xb.T @ dz) / sd
        b1 = b1 - lr * dz.sum(axis=0)
        if step in record:
            losses.append((np.mean((predict(X) - y) ** 2), np.mean((predict(X_test) - y_test) ** 2)))
    return losses[-1][0]


LOOPS = {"linear": min_norm, "diagonal-net": diagonal, "mlp": relu_sgd}

if __name__ == "__main__":
    spec = load_spec(sys.argv[1])
    finals = [LOOPS[point["model"]["kind"]](point, seed) for point, seed in trials(spec)]
    report("numpy_loop", spec, finals)
