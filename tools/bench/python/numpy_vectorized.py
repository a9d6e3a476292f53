"""The bench loops in NumPy, vectorized over trials: the best array program we could write for them.

Full-batch GD (cases a, b): the trials of one seed share their data, so the sweep points become
the columns of one parameter matrix per seed and a step is two batched matrix products over all
trials (seeds stacked along a leading axis), with in-place updates and no per-trial Python.
Minibatch SGD (case c): trials with the same batch size and step count run as one program with
the seeds stacked; different batch sizes have different shapes and step counts, so those groups
run one after another.
Same data, inits and batch orders as numpy_loop.py, so the final losses agree with it.

Usage: numpy_vectorized.py CANONICAL_SPEC.json   (from `repro validate SPEC --canonical`)
"""
import sys

import numpy as np

from common import expect, init_value, load_spec, record_steps, regression_data, report


def shared(points, key):
    values = {repr(p[key]) for p in points}
    if len(values) != 1:
        sys.exit(f"numpy_vectorized: the sweep varies {key}; this version batches only over init and lr")
    return points[0][key]


def full_batch_setup(points, seeds):
    """Cases a and b: data stacked by seed, lr per column, each trial's init drawn as the loops draw it."""
    for point in points:
        expect(point, optimizer="gd", loss="mse")
    data, train, model = shared(points, "data"), shared(points, "train"), shared(points, "model")
    sets = [regression_data(data, seed) for seed in seeds]
    X = np.stack([s[0] for s in sets])                       # [S, n, p]
    y = np.stack([s[1] for s in sets])[:, :, None]           # [S, n, 1]
    p = X.shape[2]
    count = 2 if model["kind"] == "diagonal-net" else 1      # u and v, or theta
    rngs = [np.random.default_rng([seed, 1]) for seed in seeds]
    draws = [[[init_value(pt["init"], p, rng) for _ in range(count)] for pt in points] for rng in rngs]
    params = [np.stack([np.stack([d[k] for d in per_seed], axis=1) for per_seed in draws]) for k in range(count)]
    lr = np.array([pt["optimizer"]["lr"] for pt in points])  # [P]: one column per sweep point
    return X, y, params, lr, train, model["kind"]


def full_batch_gd(points, seeds):
    """Every trial of case a or b in one array program. Returns the final training losses [S, P]."""
    X, y, params, lr, train, kind = full_batch_setup(points, seeds)
    Xt = np.ascontiguousarray(X.transpose(0, 2, 1))          # [S, p, n]
    (S, n, p), P = X.shape, len(points)
    R, G, W = np.empty((S, n, P)), np.empty((S, p, P)), np.empty((S, p, P))
    record = set(record_steps(train))
    diagonal = kind == "diagonal-net"
    if kind not in ("linear", "diagonal-net"):
        sys.exit(f"numpy_vectorized: model {kind!r} is not a full-batch case")
    # d/dw of mean((Xw − y)²) is 2Xᵀr/n; the diagonal net's chain rule adds ±2u, ±2v.
    step_size = lr * (4 if diagonal else 2) / n

    def loss():
        w = params[0] * params[0] - params[1] * params[1] if diagonal else params[0]
        return np.mean((X @ w - y) ** 2, axis=1)

    losses = [loss()]
    for t in range(1, train["steps"] + 1):
        if diagonal:
            u, v = params
            np.multiply(u, u, out=W)
            W -= v * v
            np.matmul(X, W, out=R)
        else:
            np.matmul(X, params[0], out=R)
        R -= y
        np.matmul(Xt, R, out=G)
        G *= step_size
        if diagonal:
            u -= u * G
            v += v * G
        else:
            params[0] -= G
        if t in record:
            losses.append(loss())
    return losses[-1]


def relu_sgd(point, seeds):
    """Case c, one batch size: the seeds' networks stacked, each with its own data and batch order."""
    expect(point, model="mlp", optimizer="sgd", loss="mse")
    sets = [regression_data(point["data"], seed) for seed in seeds]
    X, y, X_test, y_test = (np.stack([s[k] for s in sets]) for k in range(4))
    S, n, d = X.shape
    h = point["model"]["hidden"]
    lr, batch, steps = point["optimizer"]["lr"], point["optimizer"]["batch_size"], point["train"]["steps"]
    rngs = [np.random.default_rng([seed, 1]) for seed in seeds]
    shapes = [(d, h), h, h, 1]
    # Each seed draws W1, b1, W2, b2 in that order, as numpy_loop does; stacked: [S,d,h], [S,h], [S,h], [S,1].
    draws = [[init_value(point["init"], s, rng) for s in shapes] for rng in rngs]
    W1, b1, W2, b2 = (np.stack(a) for a in zip(*draws))
    sd, sh = np.sqrt(d), np.sqrt(h)
    rows = np.arange(S)[:, None]

    def loss(x, target):
        out = np.maximum(x @ W1 / sd + b1[:, None, :], 0) @ W2[:, :, None] / sh
        return np.mean((out[:, :, 0] + b2 - target) ** 2, axis=1)

    batches = [np.random.default_rng([seed, 2]) for seed in seeds]
    record = set(record_steps(point["train"]))
    losses = [(loss(X, y), loss(X_test, y_test))]
    order, position = None, n
    for t in range(1, steps + 1):
        if position + batch > n:
            order, position = np.stack([rng.permutation(n) for rng in batches]), 0
        idx = order[:, position:position + batch]
        position += batch
        xb, yb = X[rows, idx], y[rows, idx]                  # [S, B, d], [S, B]
        Z = xb @ W1
        Z /= sd
        Z += b1[:, None, :]
        A = np.maximum(Z, 0)
        dout = (A @ W2[:, :, None])[:, :, 0]
        dout /= sh
        dout += b2 - yb
        dout *= 2 / batch
        dZ = dout[:, :, None] * W2[:, None, :]
        dZ *= (Z > 0) / sh
        W2 -= (lr / sh) * (dout[:, None, :] @ A)[:, 0, :]
        b2 -= lr * dout.sum(axis=1, keepdims=True)
        W1 -= (lr / sd) * (xb.transpose(0, 2, 1) @ dZ)
        b1 -= lr * dZ.sum(axis=1)
        if t in record:
            losses.append((loss(X, y), loss(X_test, y_test)))
    return losses[-1][0]


if __name__ == "__main__":
    spec = load_spec(sys.argv[1])
    points, seeds = spec["points"], spec["seeds"]
    if points[0]["model"]["kind"] == "mlp":
        finals = np.concatenate([relu_sgd(point, seeds) for point in points])
    else:
        finals = full_batch_gd(points, seeds).ravel()
    report("numpy_vectorized", spec, finals)
