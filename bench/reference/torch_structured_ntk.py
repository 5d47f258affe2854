"""The strongest empirical NTK a PyTorch user would write for an MLP: per-layer structured products,
no Jacobian. For f(x) = vᵀσ(W_L … σ(W_1 x/√d) …/√m)/√m (NTK parameterization, no biases, liu2020 Sec 2)
the kernel is

  Θ = Σ_l s_l² (δ_l δ_lᵀ) ⊙ (a_{l−1} a_{l−1}ᵀ)

with a_l the layer inputs, δ_l the cotangents of the pre-activations (one backward pass over the batch:
examples are independent) and s_l = 1/√fan_in. float64, torch.mm throughout (Grams as A @ A.T).

Request (stdin JSON): {"weights": file, "kernel_out": file or null, "repeats", "threads", "draw": P}
  weights: safetensors with "x" (n×d) and "layers.<2l>.W" for l = 0..L (the layer weights, last one 1×m),
  as written by the benchmark from overparam's own parameters, so both compute the same kernel.
  kernel_out: where to write the n×n kernel as raw little-endian float64 (for the agreement check).
  draw: also time torch.randn of this many float64 normals (a PyTorch user's parameter draw).
Answer: {"torch", "threads", "seconds": [...], "median", "draw_seconds": [...] or null}
"""
import json
import struct
import sys
import time

import torch

torch.set_default_dtype(torch.float64)


def load_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + header_len])
    base = 8 + header_len
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        assert t["dtype"] == "F64", name
        lo, hi = t["data_offsets"]
        out[name] = torch.frombuffer(bytearray(raw[base + lo:base + hi]), dtype=torch.float64).reshape(t["shape"])
    return out


def structured_ntk(x, weights):
    """Θ(x, x) by per-layer Gram products (relu)."""
    acts = [x]  # layer inputs a_0 … a_L
    pres = []
    a = x
    for w in weights[:-1]:
        h = (a @ w.T) / (a.shape[1] ** 0.5)
        pres.append(h)
        a = torch.relu(h)
        acts.append(a)
    v = weights[-1]
    m = a.shape[1]
    # Output layer: δ = 1 for every example.
    k = (acts[-1] @ acts[-1].T) / m
    g = v.expand(a.shape[0], m) / (m ** 0.5)  # cotangent of a_L
    for l in range(len(weights) - 2, -1, -1):
        delta = g * (pres[l] > 0)
        fan = acts[l].shape[1]
        k += (delta @ delta.T) * (acts[l] @ acts[l].T) / fan
        if l > 0:
            g = (delta @ weights[l]) / (fan ** 0.5)
    return k


def main():
    req = json.load(sys.stdin)
    if req.get("threads"):
        torch.set_num_threads(int(req["threads"]))
    t = load_safetensors(req["weights"])
    x = t["x"]
    names = sorted((k for k in t if k.startswith("layers.")), key=lambda k: int(k.split(".")[1]))
    weights = [t[k] for k in names]
    with torch.no_grad():
        k = structured_ntk(x, weights)  # warm-up
        seconds = []
        for _ in range(int(req.get("repeats", 5))):
            t0 = time.perf_counter()
            k = structured_ntk(x, weights)
            seconds.append(time.perf_counter() - t0)
    if req.get("kernel_out"):
        with open(req["kernel_out"], "wb") as f:
            f.write(k.contiguous().numpy().astype("<f8").tobytes())
    draw_seconds = None
    if req.get("draw"):
        p = int(req["draw"])
        torch.randn(p)
        draw_seconds = []
        for _ in range(int(req.get("repeats", 5))):
            t0 = time.perf_counter()
            torch.randn(p)
            draw_seconds.append(time.perf_counter() - t0)
    s = sorted(seconds)
    json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "seconds": seconds,
               "median": s[len(s) // 2], "draw_seconds": draw_seconds}, sys.stdout)


if __name__ == "__main__":
    main()
