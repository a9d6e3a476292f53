"""The bench loops in PyTorch, one trial at a time, written the way seed 000 writes its PyTorch loops:
an nn.Module, torch.optim.SGD, zero_grad / backward / step, and a shuffling DataLoader for minibatches.
One intra-op thread, float64.

Usage: torch_loop.py CANONICAL_SPEC.json   (from `repro validate SPEC --canonical`)
"""
import math
import sys

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from common import expect, init_value, load_spec, record_steps, regression_data, report, trials

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def tensors(*arrays):
    return [torch.from_numpy(a) for a in arrays]


class LinearModel(nn.Module):
    def __init__(self, theta):
        super().__init__()
        self.theta = nn.Parameter(theta)

    def forward(self, x):
        return x @ self.theta


class DiagonalNet(nn.Module):
    """w = u∘u − v∘v."""

    def __init__(self, u, v):
        super().__init__()
        self.u, self.v = nn.Parameter(u), nn.Parameter(v)

    def forward(self, x):
        return x @ (self.u * self.u - self.v * self.v)


class TwoLayerNet(nn.Module):
    """One hidden ReLU layer, NTK parametrization: each layer divides by √fan-in (as repro's mlp)."""

    def __init__(self, W1, b1, W2, b2):
        super().__init__()
        self.W1, self.b1, self.W2, self.b2 = (nn.Parameter(t) for t in (W1, b1, W2, b2))

    def forward(self, x):
        hidden = torch.relu(x @ self.W1 / math.sqrt(self.W1.shape[0]) + self.b1)
        return hidden @ self.W2 / math.sqrt(self.W2.shape[0]) + self.b2


def full_batch_gd(model, point, X, y):
    """GD on the whole training set: cases a and b."""
    optimizer = torch.optim.SGD(model.parameters(), lr=point["optimizer"]["lr"])
    criterion = nn.MSELoss()
    record = set(record_steps(point["train"]))
    with torch.no_grad():
        losses = [criterion(model(X), y).item()]
    for step in range(1, point["train"]["steps"] + 1):
        optimizer.zero_grad()
        loss = criterion(model(X), y)
        loss.backward()
        optimizer.step()
        if step in record:
            with torch.no_grad():
                losses.append(criterion(model(X), y).item())
    return losses[-1]


def min_norm(point, seed):
    expect(point, model="linear", optimizer="gd", loss="mse")
    X, y, _, _ = tensors(*regression_data(point["data"], seed))
    theta = init_value(point["init"], X.shape[1], np.random.default_rng([seed, 1]))
    return full_batch_gd(LinearModel(torch.from_numpy(theta)), point, X, y)


def diagonal(point, seed):
    expect(point, model="diagonal-net", optimizer="gd", loss="mse")
    X, y, _, _ = tensors(*regression_data(point["data"], seed))
    rng = np.random.default_rng([seed, 1])
    u, v = (torch.from_numpy(init_value(point["init"], X.shape[1], rng)) for _ in range(2))
    return full_batch_gd(DiagonalNet(u, v), point, X, y)


def relu_sgd(point, seed):
    expect(point, model="mlp", optimizer="sgd", loss="mse")
    X, y, X_test, y_test = tensors(*regression_data(point["data"], seed))
    d, h = X.shape[1], point["model"]["hidden"]
    rng = np.random.default_rng([seed, 1])
    shapes = [(d, h), (h,), (h,), ()]
    model = TwoLayerNet(*(torch.from_numpy(np.asarray(init_value(point["init"], s, rng))) for s in shapes))
    optimizer = torch.optim.SGD(model.parameters(), lr=point["optimizer"]["lr"])
    criterion = nn.MSELoss()
    torch.manual_seed(seed)  # the DataLoader's shuffling
    loader = DataLoader(TensorDataset(X, y), batch_size=point["optimizer"]["batch_size"], shuffle=True, drop_last=True)
    steps, record = point["train"]["steps"], set(record_steps(point["train"]))

    def evaluate():
        with torch.no_grad():
            return criterion(model(X), y).item(), criterion(model(X_test), y_test).item()

    losses, step = [evaluate()], 0
    while step < steps:
        for X_batch, y_batch in loader:
            optimizer.zero_grad()
            loss = criterion(model(X_batch), y_batch)
            loss.backward()
            optimizer.step()
            step += 1
            if step in record:
                losses.append(evaluate())
            if step == steps:
                break
    return losses[-1][0]


LOOPS = {"linear": min_norm, "diagonal-net": diagonal, "mlp": relu_sgd}

if __name__ == "__main__":
    spec = load_spec(sys.argv[1])
    finals = [LOOPS[point["model"]["kind"]](point, seed) for point, seed in trials(spec)]
    report("torch_loop", spec, finals, torch=torch.__version__)
