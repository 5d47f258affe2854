"""Reference timing for the training benchmark: one full-batch GD step (forward, backward, update) of an
MLP with `depth` hidden ReLU layers of `width` units, no biases, scalar output, square loss ½Σ(f − y)²,
float64, in plain PyTorch (Debian's python3-torch), best of repeats after a warm-up.

Request (stdin JSON): {"width", "depth", "d", "n", "threads", "min_seconds"}
Answer: {"torch", "threads", "best", "median", "repeats"}
"""
import json
import sys
import time

import torch

torch.set_default_dtype(torch.float64)


def main():
    req = json.load(sys.stdin)
    if req.get("threads"):
        torch.set_num_threads(int(req["threads"]))
    width, depth, d, n = req["width"], req["depth"], req["d"], req["n"]
    torch.manual_seed(0)
    layers, fan = [], d
    for _ in range(depth):
        layers += [torch.nn.Linear(fan, width, bias=False), torch.nn.ReLU()]
        fan = width
    layers.append(torch.nn.Linear(fan, 1, bias=False))
    net = torch.nn.Sequential(*layers)
    x = torch.randn(n, d)
    y = torch.randn(n, 1)
    opt = torch.optim.SGD(net.parameters(), lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = 0.5 * ((net(x) - y) ** 2).sum()
        loss.backward()
        opt.step()

    step()
    samples, total = [], 0.0
    while len(samples) < 5 or (total < req.get("min_seconds", 2) and len(samples) < 50):
        t0 = time.perf_counter()
        step()
        s = time.perf_counter() - t0
        samples.append(s)
        total += s
    samples.sort()
    json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "best": samples[0],
               "median": samples[len(samples) // 2], "repeats": len(samples)}, sys.stdout)


if __name__ == "__main__":
    main()
