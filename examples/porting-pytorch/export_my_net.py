#!/usr/bin/python3
# Porting a PyTorch model to Java: write the model's fixture, with PyTorch's own numbers in it.
import sys

import torch

sys.path.insert(0, "tools")  # run from the repository root (or PYTHONPATH=tools, or tools/ pip-installed)
from parity_tools.export_fixture import export

torch.manual_seed(7)
model = torch.nn.Sequential(
    torch.nn.Linear(4, 8), torch.nn.Tanh(),
    torch.nn.Linear(8, 6), torch.nn.Tanh(),
    torch.nn.Linear(6, 3),
).double()
inputs = torch.randn(10, 4, dtype=torch.float64)
targets = torch.tensor([0, 2, 1, 1, 0, 2, 2, 1, 0, 1])

export(model, inputs, targets, loss="softmax_cross_entropy", l2=0.01, name="my-tanh-net",
       description="A torch.nn model exported by parity_tools.export_fixture",
       training={"optimizer": "sgd", "learningRate": 0.5, "steps": 20},
       path=sys.argv[1] if len(sys.argv) > 1 else "my-tanh-net.json")
