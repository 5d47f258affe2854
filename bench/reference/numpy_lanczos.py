"""Reference for the Lanczos benchmark: the same algorithm as src/linalg/lanczos.ts in numpy — full
reorthogonalization against the stored basis (classical Gram–Schmidt, blocks of 8 vectors, a second pass
only when the first removes more than 1 − 1/√2 of the norm) — on the diagonal operator v ↦ d·v with d
evenly spaced in [−1, 1] and one entry 2.

Request (stdin JSON): {"n": [n, ...], "iterations": k, "repeats": r, "seed": s}
Answer (stdout JSON): {"numpy": version, "runs": [{n, best, median, repeats, top}]}
"""
import json
import sys
import time

import numpy as np

BLOCK = 8


def lanczos_top(d, iterations, rng):
    n = d.shape[0]
    basis = np.zeros((iterations, n))
    alpha = np.zeros(iterations)
    beta = np.zeros(iterations)
    q = rng.standard_normal(n)
    basis[0] = q / np.linalg.norm(q)
    for j in range(iterations):
        q = basis[j]
        w = d * q
        a = w @ q
        alpha[j] = a
        w -= a * q
        if j > 0:
            w -= beta[j - 1] * basis[j - 1]
        norm = np.linalg.norm(w)
        for _ in range(2):
            for b in range(0, j + 1, BLOCK):
                block = basis[b:min(j + 1, b + BLOCK)]
                w -= block.T @ (block @ w)
            after = np.linalg.norm(w)
            enough = after > norm / np.sqrt(2)
            norm = after
            if enough:
                break
        beta[j] = norm
        if j + 1 < iterations:
            basis[j + 1] = w / norm
    t = np.diag(alpha) + np.diag(beta[:-1], 1) + np.diag(beta[:-1], -1)
    return float(np.max(np.abs(np.linalg.eigvalsh(t))))


def main():
    req = json.load(sys.stdin)
    rng = np.random.default_rng(req["seed"])
    runs = []
    for n in req["n"]:
        d = np.append(np.linspace(-1.0, 1.0, n - 1), 2.0)
        samples = []
        top = None
        for _ in range(req["repeats"]):
            t0 = time.perf_counter()
            top = lanczos_top(d, req["iterations"], rng)
            samples.append(time.perf_counter() - t0)
        samples.sort()
        runs.append({"n": n, "best": samples[0], "median": samples[len(samples) // 2], "repeats": len(samples), "top": top})
    json.dump({"numpy": np.__version__, "runs": runs}, sys.stdout)


main()
