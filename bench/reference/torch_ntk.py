"""Reference timings for the kernel benchmark: the empirical NTK as a PyTorch user computes it with
functorch (the torch.func NTK tutorial's two methods, as shipped with Debian's torch 1.13):

  jacobian contraction:  J1 = vmap(jacrev(f))(x1), J2 likewise, Θ = Σ_params einsum(J1, J2)
  NTK-vector products:   for each x1, vjp; then jvp of each VJP against x2, vmapped over a basis

float64, an MLP with `depth` hidden ReLU layers of `width` units, no biases, scalar output. Inputs are
processed in batches so the Jacobians fit in memory (batch_rows × P doubles).

Request (stdin JSON): {"width", "depth", "d", "sizes": [n, ...], "methods": [...], "max_seconds", "threads"}
Answer: {"torch", "threads", "results": [{"method", "n", "seconds"} ...], "skipped": [...]}
"""
import json
import sys
import time

import torch
from functorch import jacrev, jvp, make_functional, vjp, vmap

torch.set_default_dtype(torch.float64)


def mlp(d, width, depth):
    layers = []
    fan = d
    for _ in range(depth):
        layers += [torch.nn.Linear(fan, width, bias=False), torch.nn.ReLU()]
        fan = width
    layers.append(torch.nn.Linear(fan, 1, bias=False))
    return torch.nn.Sequential(*layers)


def jacobian_contraction(fnet_single, params, x1, x2, batch):
    """Θ(x1, x2) by Jacobian contraction, Jacobians computed `batch` rows at a time."""
    def jac(x):
        j = vmap(jacrev(fnet_single), (None, 0))(params, x)
        return [t.flatten(2) for t in j]  # each: rows × 1 × numel

    out = torch.zeros(x1.shape[0], x2.shape[0])
    j2_blocks = [(k, jac(x2[k:k + batch])) for k in range(0, x2.shape[0], batch)]
    for i in range(0, x1.shape[0], batch):
        j1 = jac(x1[i:i + batch])
        for k, j2 in j2_blocks:
            blk = sum(torch.einsum('Naf,Mbf->NMab', a, b) for a, b in zip(j1, j2))
            out[i:i + j1[0].shape[0], k:k + j2[0].shape[0]] = blk[:, :, 0, 0]
    return out


def ntk_vps(fnet_single, params, x1, x2):
    """Θ(x1, x2) by NTK-vector products (the tutorial's method, scalar output)."""
    def get_ntk(a, b):
        def f1(p):
            return fnet_single(p, a)

        def f2(p):
            return fnet_single(p, b)

        out, vjp_fn = vjp(f1, params)

        def slice_(vec):
            vjps = vjp_fn(vec)
            _, jvps = jvp(f2, (params,), vjps)
            return jvps

        basis = torch.eye(out.numel()).view(out.numel(), -1)
        return vmap(slice_)(basis)

    return vmap(vmap(get_ntk, (None, 0)), (0, None))(x1, x2)


def main():
    req = json.load(sys.stdin)
    if req.get("threads"):
        torch.set_num_threads(int(req["threads"]))
    width, depth, d = req["width"], req["depth"], req["d"]
    torch.manual_seed(0)
    net = mlp(d, width, depth)
    fnet, params = make_functional(net)

    def fnet_single(p, x):
        return fnet(p, x.unsqueeze(0)).squeeze(0)

    P = sum(p.numel() for p in params)
    # Jacobian rows per batch: keep one batch's Jacobian near 512 MiB.
    batch = max(1, min(256, int(512 * 2**20 / (8 * P))))
    results, skipped = [], []
    budget = req.get("max_seconds", 60)
    for method in req["methods"]:
        for n in req["sizes"]:
            x = torch.randn(n, d)
            t0 = time.perf_counter()
            with torch.no_grad():
                if method == "jacobian_contraction":
                    k = jacobian_contraction(fnet_single, params, x, x, batch)
                else:
                    k = ntk_vps(fnet_single, params, x, x)
            s = time.perf_counter() - t0
            results.append({"method": method, "n": n, "seconds": s, "batch": batch, "checksum": float(k.sum())})
            if s > budget:
                skipped += [{"method": method, "n": m, "reason": f"n={n} already took {s:.1f}s"} for m in req["sizes"] if m > n]
                break
    json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "parameters": P, "results": results, "skipped": skipped}, sys.stdout)


if __name__ == "__main__":
    main()
