"""Reference timings for the linalg benchmark: numpy float64 GEMM and eigh, best of repeats.

Request (stdin JSON): {"gemm": [n, ...], "eigh": [n, ...], "min_seconds": s, "seed": k}
Answer (stdout JSON): {"numpy": version, "blas": description, "gemm": [{n, best, median, repeats}], "eigh": [...]}
"""
import json
import sys
import time

import numpy as np


def timed(fn, min_seconds, min_repeats=3, max_repeats=100):
    fn()
    samples = []
    total = 0.0
    while len(samples) < min_repeats or (total < min_seconds and len(samples) < max_repeats):
        t0 = time.perf_counter()
        fn()
        s = time.perf_counter() - t0
        samples.append(s)
        total += s
    samples.sort()
    return {"best": samples[0], "median": samples[len(samples) // 2], "repeats": len(samples)}


def blas_description():
    """The BLAS shared library numpy actually loaded (read from the process's memory map)."""
    np.ones((2, 2)) @ np.ones((2, 2))
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        import os
        return ", ".join(sorted({os.path.realpath(p) for p in libs})) or "unknown"
    except OSError:
        return "unknown"


def main():
    req = json.load(sys.stdin)
    rng = np.random.default_rng(req.get("seed", 0))
    min_seconds = req.get("min_seconds", 0.5)
    out = {"numpy": np.__version__, "blas": blas_description(), "gemm": [], "eigh": []}
    for n in req.get("gemm", []):
        a = rng.standard_normal((n, n))
        b = rng.standard_normal((n, n))
        c = np.empty((n, n))
        r = timed(lambda: np.matmul(a, b, out=c), min_seconds)
        out["gemm"].append({"n": n, **r})
    for n in req.get("eigh", []):
        x = rng.standard_normal((n, n))
        s = (x + x.T) / 2
        r = timed(lambda: np.linalg.eigh(s), min_seconds)
        out["eigh"].append({"n": n, **r})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
