"""The single-core float64 peak as NumPy reaches it: the best of several N×N matrix products,
2N³ flops each. Prints one JSON line, naming the BLAS that NumPy actually loaded.

Usage: peak.py [SIZE] [REPEATS]   (run with OPENBLAS_NUM_THREADS=1 for one core)
"""
import json
import os
import sys
import time

import numpy as np

size = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
rng = np.random.default_rng(0)
a, b = rng.standard_normal((size, size)), rng.standard_normal((size, size))
a @ b  # warm-up
best = float("inf")
for _ in range(repeats):
    start = time.perf_counter()
    a @ b
    best = min(best, time.perf_counter() - start)

# Debian switches BLAS through alternatives; the library mapped into this process is the one that ran.
with open("/proc/self/maps", encoding="utf-8") as maps:
    paths = {line.split()[-1] for line in maps if "blas" in line.rsplit("/", 1)[-1]}
blas = sorted({os.path.basename(os.path.realpath(p)) for p in paths} - {"libblas.so.3"})
print(json.dumps({"library": f"NumPy {np.__version__}, " + (", ".join(blas) or "unknown BLAS"),
                  "size": size, "best_seconds": best, "gflops": round(2 * size**3 / best / 1e9, 2)}))
