"""The strongest empirical NTK a PyTorch user would write for an MLP: per-layer structured products,
no Jacobian. For f(x) = vᵀσ(W_L … σ(W_1 x/√d) …/√m)/√m (NTK parameterization, no biases, liu2020 Sec 2)
the kernel is

  Θ = Σ_l s_l² (δ_l δ_lᵀ) ⊙ (a_{l−1} a_{l−1}ᵀ)

with a_l the layer inputs, δ_l the cotangents of the pre-activations (one backward pass over the batch:
examples are independent) and s_l = 1/√fan_in. float64, torch.mm throughout (Grams as A @ A.T).

--session: alternating rounds with the benchmark. The first stdin line is the setup
  {"weights": file, "kernel_out": file or null, "threads"}
  (weights: safetensors with "x" (n×d) and "layers.<2l>.W", written by the benchmark from overparam's own
  parameters, so both compute the same kernel; kernel_out: where the n×n kernel goes as raw float64, for
  the agreement check); the script answers {"torch", "threads"} when warm. Then each line is a request:
  {"op": "kernel"} → {"seconds"}; {"op": "draw", "p": P} → {"seconds"} for torch.randn of P float64.
--command W N D DEPTH THREADS OUT: what a PyTorch user's script does start to end — import torch, draw the
  weights and N inputs on the sphere, compute the kernel and its eigenvalues, save the kernel — and prints
  {"seconds": compute time from the draw on}. The benchmark times the whole process.
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


def weights_of(t):
    names = sorted((k for k in t if k.startswith("layers.")), key=lambda k: int(k.split(".")[1]))
    return [t[k] for k in names]


def session():
    setup = json.loads(sys.stdin.readline())
    if setup.get("threads"):
        torch.set_num_threads(int(setup["threads"]))
    t = load_safetensors(setup["weights"])
    x = t["x"]
    weights = weights_of(t)
    with torch.no_grad():
        k = structured_ntk(x, weights)  # warm-up, and the kernel for the agreement check
    if setup.get("kernel_out"):
        with open(setup["kernel_out"], "wb") as f:
            f.write(k.contiguous().numpy().astype("<f8").tobytes())
    torch.randn(1000)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        t0 = time.perf_counter()
        if req["op"] == "kernel":
            with torch.no_grad():
                structured_ntk(x, weights)
        elif req["op"] == "draw":
            torch.randn(int(req["p"]))
        else:
            raise ValueError(req["op"])
        print(json.dumps({"seconds": time.perf_counter() - t0}), flush=True)


def command(width, n, d, depth, out):
    t0 = time.perf_counter()
    sizes = [d] + [width] * depth + [1]
    weights = [torch.randn(sizes[l + 1], sizes[l]) for l in range(depth + 1)]
    x = torch.randn(n, d)
    x = x / x.norm(dim=1, keepdim=True)
    with torch.no_grad():
        k = structured_ntk(x, weights)
        torch.linalg.eigvalsh(k)
    seconds = time.perf_counter() - t0
    with open(out, "wb") as f:
        f.write(k.contiguous().numpy().astype("<f8").tobytes())
    print(json.dumps({"seconds": seconds}), flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--session"]:
        session()
    elif sys.argv[1:2] == ["--command"]:
        w, n, d, depth, threads = (int(v) for v in sys.argv[2:7])
        torch.set_num_threads(threads)
        command(w, n, d, depth, sys.argv[7])
    else:
        sys.exit("usage: torch_structured_ntk.py --session | --command W N D DEPTH THREADS OUT")
