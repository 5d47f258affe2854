"""Reference timing for the training benchmark: one full-batch GD step (forward, backward, update) of an
MLP with `depth` hidden ReLU layers of `width` units, no biases, scalar output, square loss ½Σ(f − y)²,
float64, in plain PyTorch (Debian's python3-torch).

--session (alternating rounds with the benchmark): the first stdin line is the setup
  {"width", "depth", "d", "n", "threads"}; the script answers {"torch", "threads"} after a warm-up step,
  then answers each line {"op": "step"} with {"seconds"} of one step.
"""
import json
import sys
import time

import torch

torch.set_default_dtype(torch.float64)


def main():
    req = json.loads(sys.stdin.readline())
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
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        if json.loads(line)["op"] != "step":
            raise ValueError(line)
        t0 = time.perf_counter()
        step()
        print(json.dumps({"seconds": time.perf_counter() - t0}), flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] != ["--session"]:
        sys.exit("usage: torch_step.py --session")
    main()
