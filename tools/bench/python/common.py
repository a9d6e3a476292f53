"""What the three Python versions share: the bench spec (repro's canonical JSON, so the Python
loops read the same sizes, steps, step sizes and seeds as `repro run`), the data, and the summary line.

The data are drawn with NumPy's generator, not repro's libtorch streams: the numbers differ from
repro's, the distributions and sizes do not. Data depend on the seed only, as in repro, so the
trials of one seed share them.
"""
import json
import sys

import numpy as np


def load_spec(path):
    """The canonical spec: its `points` (sweep points, fully resolved) and `seeds` are what we run."""
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def trials(spec):
    """(point, seed) pairs, seeds innermost, as repro plans them."""
    return [(point, seed) for point in spec["points"] for seed in spec["seeds"]]


def record_steps(train):
    """The steps repro records: 0, every log_every steps, and the last one."""
    steps, every = train["steps"], train["log_every"]
    return sorted({0, steps, *range(every, steps + 1, every)})


def regression_data(data, seed):
    """gaussian-regression with a sparse-linear or sin-sum target: (x_train, y_train, x_test, y_test)."""
    rng = np.random.default_rng(seed)
    n, m, d = data["n_train"], data["n_test"], data["features"]
    target = data["target"]
    if target["kind"] == "sparse-linear":
        theta = np.zeros(d)
        theta[rng.permutation(d)[: target["nonzeros"]]] = rng.standard_normal(target["nonzeros"])
        label = lambda x: x @ theta
    elif target["kind"] == "sin-sum":
        label = lambda x: np.sin(x[:, : target["inputs"]].sum(axis=1))
    else:
        sys.exit(f"unsupported target kind {target['kind']!r}")
    x_train, x_test = rng.standard_normal((n, d)), rng.standard_normal((m, d))
    y_train = label(x_train) + target["noise"] * rng.standard_normal(n)
    y_test = label(x_test) + target["noise"] * rng.standard_normal(m)
    return x_train, y_train, x_test, y_test


def init_value(init, shape, rng):
    """normal{scale} or constant{value}: the two init kinds the bench specs use."""
    if init["kind"] == "normal":
        return init["scale"] * rng.standard_normal(shape)
    if init["kind"] == "constant":
        return np.full(shape, float(init["value"]))
    sys.exit(f"unsupported init kind {init['kind']!r}")


def expect(point, **kinds):
    """Fail loudly on a spec this script does not implement, instead of timing something else."""
    for area, kind in kinds.items():
        if point[area]["kind"] != kind:
            sys.exit(f"{area}.kind is {point[area]['kind']!r}; this script implements {kind!r}")
    model = point["model"]
    if model["kind"] == "diagonal-net" and model["depth"] != 2:
        sys.exit("diagonal-net: only depth 2 is implemented here")
    if model["kind"] == "mlp" and (model["depth"] != 1 or model["activation"] != "relu" or not model["bias"]):
        sys.exit("mlp: only one hidden ReLU layer with biases is implemented here")
    if point["schedule"]["kind"] != "constant":
        sys.exit("only the constant schedule is implemented here")


def report(version, spec, final_losses, **extra):
    """One JSON line that bench.sh reads: what ran, and the median final training loss as a sanity check."""
    runs = trials(spec)
    print(json.dumps({"version": version, "spec": spec["name"], "trials": len(runs),
                      "steps": sum(point["train"]["steps"] for point, _ in runs),
                      "median_final_train_loss": float(np.median(final_losses)), **extra}))
