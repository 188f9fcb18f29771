#!/usr/bin/python3
"""Trains a fixture with PyTorch itself (torch.nn.functional, torch.optim) and compares ./parity train.

    /usr/bin/python3 tools/torch-trajectory.py FIXTURE.json... [--impl core] [--impl reference]

For each fixture with a training block: builds the network from the fixture (params, or the SplitMix64
generator behind init), trains it with torch.optim.SGD / Adam / AdamW on the batch rows (k*b + i) mod N of
step k, records the loss over all N samples before each step and after the last, then runs
`./parity train --impl NAME FIXTURE` and prints per implementation the largest |a - b| and |a - b| / |b|
over the losses of every step and over the final parameters (b = torch). Needs torch for this python
(Debian: apt-get install python3-torch, then /usr/bin/python3). Not part of mvn verify.
"""
import json
import math
import os
import subprocess
import sys

import torch
import torch.nn.functional as F

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def uniform(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z = z ^ (z >> 31)
        return (z >> 11) * 2.0 ** -53


def load(path):
    with open(path, encoding="utf-8") as f:
        fx = json.load(f)
    layers = fx["layers"]
    depth = len(layers) - 1
    dtype = torch.float64 if fx["dtype"] == "float64" else torch.float32
    init = fx.get("init")
    rng = SplitMix64(init["seed"]) if init else None
    params = {}
    for l in range(1, depth + 1):
        if init:
            scale = init["scale"]
            w = [[scale * (2 * rng.uniform() - 1) for _ in range(layers[l - 1])] for _ in range(layers[l])]
            b = [scale * (2 * rng.uniform() - 1) for _ in range(layers[l])]
        else:
            w, b = fx["params"]["W%d" % l], fx["params"]["b%d" % l]
        params["W%d" % l] = torch.tensor(w, dtype=torch.float64).to(dtype)
        params["b%d" % l] = torch.tensor(b, dtype=torch.float64).to(dtype)
    if "inputs" in fx:
        inputs = fx["inputs"]
    else:
        inputs = [[2 * rng.uniform() - 1 for _ in range(layers[0])] for _ in range(init["samples"])]
    n = len(inputs)
    if "targets" in fx:
        targets = fx["targets"]
    elif fx["loss"] == "softmax_cross_entropy":
        targets = [math.floor(rng.uniform() * layers[-1]) for _ in range(n)]
    else:
        targets = [[2 * rng.uniform() - 1 for _ in range(layers[-1])] for _ in range(n)]
    x = torch.tensor(inputs, dtype=torch.float64).to(dtype)
    if fx["loss"] == "softmax_cross_entropy":
        t = torch.tensor(targets, dtype=torch.long)
    else:
        t = torch.tensor(targets, dtype=torch.float64).to(dtype)
    return fx, params, x, t


ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": F.relu,
    "leaky_relu": lambda z: F.leaky_relu(z, 0.01),
    "softplus": F.softplus,
}


def loss_of(fx, params, x, t):
    depth = len(fx["layers"]) - 1
    a = x
    penalty = 0
    for l in range(1, depth + 1):
        w = params["W%d" % l]
        a = F.linear(a, w, params["b%d" % l])
        if l < depth:
            a = ACTIVATIONS[fx["activation"]](a)
        penalty = penalty + (w * w).sum()
    data = F.cross_entropy(a, t) if fx["loss"] == "softmax_cross_entropy" else F.mse_loss(a, t)
    return data + 0.5 * fx["l2"] * penalty


def optimizer(training, leaves):
    name = training["optimizer"]
    lr = training["learningRate"]
    if name == "sgd":
        return torch.optim.SGD(leaves, lr=lr, momentum=training.get("momentum", 0),
                               dampening=training.get("dampening", 0), nesterov=training.get("nesterov", False),
                               weight_decay=training.get("weightDecay", 0))
    kind = torch.optim.Adam if name == "adam" else torch.optim.AdamW
    return kind(leaves, lr=lr, betas=tuple(training.get("betas", (0.9, 0.999))), eps=training.get("eps", 1e-8),
                weight_decay=training.get("weightDecay", 0 if name == "adam" else 0.01),
                amsgrad=training.get("amsgrad", False))


def torch_run(path):
    fx, params, x, t = load(path)
    training = fx["training"]
    n = x.shape[0]
    b = training.get("batchSize", n)
    leaves = [params[k].clone().requires_grad_(True) for k in params]
    named = dict(zip(params, leaves))
    opt = optimizer(training, leaves)
    losses = []
    for k in range(training["steps"]):
        with torch.no_grad():
            losses.append(loss_of(fx, named, x, t).item())
        rows = torch.tensor([(k * b + i) % n for i in range(b)], dtype=torch.long)
        opt.zero_grad()
        loss_of(fx, named, x[rows], t[rows]).backward()
        opt.step()
    with torch.no_grad():
        losses.append(loss_of(fx, named, x, t).item())
    return losses, {k: v.detach().to(torch.float64).tolist() for k, v in named.items()}


def flat(value):
    if isinstance(value, list):
        return [y for v in value for y in flat(v)]
    return [float("nan") if value is None else value]


def diff(a, b):
    worst_abs = worst_rel = 0.0
    for x, y in zip(flat(a), flat(b)):
        d = abs(x - y)
        worst_abs = max(worst_abs, d)
        worst_rel = max(worst_rel, d / abs(y) if y != 0 else (0.0 if d == 0 else math.inf))
    return worst_abs, worst_rel


def main(argv):
    impls = [argv[i + 1] for i, a in enumerate(argv) if a == "--impl"] or ["core", "reference"]
    files = [a for i, a in enumerate(argv) if a != "--impl" and (i == 0 or argv[i - 1] != "--impl")]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for path in files:
        losses, params = torch_run(path)
        for impl in impls:
            out = subprocess.run([os.path.join(root, "parity"), "train", "--impl", impl, path],
                                 capture_output=True, text=True, check=True).stdout
            run = json.loads(out)
            if len(run["losses"]) != len(losses):
                print("%s %s: %d losses, torch %d" % (path, impl, len(run["losses"]), len(losses)))
                continue
            loss_abs, loss_rel = diff(run["losses"], losses)
            param_abs, param_rel = diff([run["params"][k] for k in params], [params[k] for k in params])
            print("%-40s %-9s steps %5d  losses: max abs %.3g, rel %.3g  final params: max abs %.3g, rel %.3g"
                  % (os.path.basename(path), impl, len(losses) - 1, loss_abs, loss_rel, param_abs, param_rel))


if __name__ == "__main__":
    main(sys.argv[1:])
