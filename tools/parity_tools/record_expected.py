"""Records what PyTorch itself computes for parity fixtures into their "expected" block.

  tools/record-expected.py FIXTURE...                 write the block into each file (format 1.1; 1.2 kept)
  tools/record-expected.py --out DIR FIXTURE...       write recorded copies into DIR instead
  tools/record-expected.py --compare DIR FIXTURE...   fail when DIR's copies' values moved beyond each
                                                      fixture's tolerance from the values FIXTURE holds
  tools/record-expected.py --loss-function NAME=FILE.py:FUNCTION FIXTURE...
                                                      record fixtures whose loss NAME is the user's own

The network is built with torch.nn.Linear and the activation's torch.nn module, the loss is
F.cross_entropy or F.mse_loss plus 0.5·l2·Σ‖W‖², training runs torch.optim (docs/suite.md: Recorded PyTorch
values); in format 1.2 each hidden layer with its own activation module, a layer without bias as
torch.nn.Linear(bias=False), the loss huber as F.huber_loss with the fixture's delta, bce_with_logits as
F.binary_cross_entropy_with_logits with its posWeight, mse's reduction "sum" as F.mse_loss(reduction="sum"),
l1 as F.l1_loss and softmax_cross_entropy's labelSmoothing and classWeights as F.cross_entropy(weight=…,
label_smoothing=…).

A loss of the user's own (format 1.2): --loss-function NAME=FILE.py:FUNCTION (repeatable, one per NAME)
loads FILE.py and records every fixture whose "loss" (the name, or the object's "name") is NAME with
FUNCTION(z, targets) as its data loss: z the N×C output tensor z_L (before any output activation), targets
the fixture's targets as a torch tensor (a long tensor of class indices when "targets" is a flat list of
integers, else a float matrix in the fixture's dtype); it returns the data loss as a 0-dim tensor in the
fixture's dtype, autograd takes its gradient, and the L2 term and torch.optim's training are as for a built-in
loss. For example, in logcosh.py:

    import torch

    def log_cosh(z, t):
        return torch.log(torch.cosh(z - t)).mean()

    tools/record-expected.py --loss-function log_cosh=logcosh.py:log_cosh my-fixture.json

Loading FILE.py runs its code, as importing it would: pass only a file you trust (your own). A fixture
naming a loss that is neither built in nor registered is refused with one line naming the option to pass.
Every byte of the file other than the expected block and the version is kept:
a fixture of format 1 or 1.1 is written as "1.1", one of 1.2 stays "1.2".
Runs under Debian's /usr/bin/python3 with its python3-torch package (apt-get install python3-torch), as
tools/record-expected.py or, with tools/ on the path, /usr/bin/python3 -m parity_tools.record_expected.
Exit codes: 0 done, 1 a recorded value moved (--compare), 2 bad input or usage.
"""

import argparse
import importlib.machinery
import importlib.util
import json
import os
import sys

from parity_tools import torch_fixture
from parity_tools.torch_fixture import FixtureError


def load_loss_function(spec):
    """(NAME, (function, "FILE.py:FUNCTION")) for --loss-function's NAME=FILE.py:FUNCTION: FILE.py loaded as a
    module (running its code) and its FUNCTION. A name that is built in, a file that cannot be loaded and a
    FUNCTION it lacks are refused."""
    name, equals, rest = spec.partition("=")
    path, colon, function_name = rest.rpartition(":")
    if not (equals and name and colon and path and function_name):
        raise FixtureError(f"--loss-function: expected NAME=FILE.py:FUNCTION, got {spec!r}")
    if name in torch_fixture.LOSSES:
        raise FixtureError(f"--loss-function {spec}: {name!r} is built in (torch's own); a function of your own "
                           f"needs a name of its own")
    if not os.path.isfile(path):
        raise FixtureError(f"--loss-function {spec}: {path}: cannot read the file: No such file or directory")
    module_name = "parity_loss_" + "".join(c if c.isalnum() else "_" for c in os.path.abspath(path))
    loader = importlib.machinery.SourceFileLoader(module_name, path)
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(module_name, loader))
    try:
        loader.exec_module(module)
    except Exception as e:  # the user's code: whatever it raises is reported on one line
        detail = str(e).strip().splitlines()[0] if str(e).strip() else ""
        raise FixtureError(f"--loss-function {spec}: loading {path} raised {type(e).__name__}"
                           + (f": {detail}" if detail else ""))
    function = getattr(module, function_name, None)
    if not callable(function):
        raise FixtureError(f"--loss-function {spec}: {path} has no function {function_name!r}")
    return name, (function, f"{path}:{function_name}")


def loss_functions(specs):
    """{NAME: (function, origin)} of every --loss-function; a NAME given twice is refused."""
    functions = {}
    for spec in specs:
        name, registered = load_loss_function(spec)
        if name in functions:
            raise FixtureError(f"--loss-function {spec}: {name!r} is registered twice")
        functions[name] = registered
    return functions


def record(path, loss_functions=None):
    """The fixture's text with a freshly recorded expected block; `loss_functions` ({NAME: function(z,
    targets)} or {NAME: (function, "FILE.py:FUNCTION")}) the losses of the user's own it may name."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise FixtureError(f"{path}: cannot read the file: {e.strerror}")
    try:
        fixture = json.loads(text)
    except ValueError as e:
        raise FixtureError(f"{path}: invalid JSON: {e}")
    if not isinstance(fixture, dict):
        raise FixtureError(f"{path}: expected a JSON object at the top level")
    try:
        network = torch_fixture.Network(path, fixture, loss_functions)
        block = network.expected()
    except KeyError as e:
        raise FixtureError(f"{path}: {e.args[0]}: missing")
    return torch_fixture.with_expected(text, block, network.recorded_version)


def tolerance(fixture):
    given = fixture.get("tolerance")
    if given is not None:
        return given["rtol"], given["atol"]
    return torch_fixture.DEFAULT_TOLERANCE[fixture["dtype"]]


def moved(path, committed, fresh):
    """Every recorded value of `fresh` that lies outside the fixture's tolerance of `committed`'s:
    |fresh - committed| <= atol + rtol·|committed|, for training step k rtol·(1+k), atol·(1+k) as the gate
    allows; lines naming the value."""
    rtol, atol = tolerance(committed)
    old, new = committed.get("expected"), fresh["expected"]
    if old is None:
        return [f"{path}: expected: missing, nothing recorded to compare with"]
    problems = []

    def compare(name, a, b, factor):
        if isinstance(b, list):
            if not isinstance(a, list) or len(a) != len(b):
                problems.append(f"{path}: {name}: shape differs")
                return
            for i, (x, y) in enumerate(zip(a, b)):
                compare(f"{name}[{i}]", x, y, factor)
            return
        if not isinstance(a, (int, float)):
            problems.append(f"{path}: {name}: not recorded")
        elif abs(b - a) > atol * factor + rtol * factor * abs(a):
            problems.append(f"{path}: {name}: recorded {a!r}, now {b!r}")

    compare("expected.loss", old.get("loss"), new["loss"], 1)
    for name, values in new["gradients"].items():
        compare(f"expected.gradients.{name}", old.get("gradients", {}).get(name), values, 1)
    if "losses" in new:
        steps = len(new["losses"]) - 1
        recorded = old.get("losses") or []
        for k, loss in enumerate(new["losses"]):
            compare(f"expected.losses[{k}]", recorded[k] if k < len(recorded) else None, loss, 1 + k)
        for name, values in new["params"].items():
            compare(f"expected.params.{name}", old.get("params", {}).get(name), values, 1 + steps)
    return problems


def main(argv=None):
    """The command line, on `argv` (sys.argv[1:] when None); returns the exit code."""
    parser = argparse.ArgumentParser(prog="record-expected.py", description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--out", metavar="DIR", help="write recorded copies into DIR, leave the fixtures as they are")
    where.add_argument("--compare", metavar="DIR", help="compare DIR's recorded copies with the fixtures'")
    parser.add_argument("--loss-function", action="append", default=[], metavar="NAME=FILE.py:FUNCTION",
                        help="record a fixture whose loss is NAME with FUNCTION(z, targets) from FILE.py (which "
                             "this runs: your own file); repeatable")
    parser.add_argument("fixtures", nargs="+", metavar="FIXTURE")
    args = parser.parse_args(argv)
    torch_fixture.configure_torch()
    try:
        functions = loss_functions(args.loss_function)
    except FixtureError as e:
        print(f"record-expected: {e}", file=sys.stderr)
        return 2
    bad = 0
    problems = []
    for path in args.fixtures:
        try:
            if args.compare:
                copy = os.path.join(args.compare, os.path.basename(path))
                with open(path, encoding="utf-8") as f:
                    committed = json.load(f)
                try:
                    with open(copy, encoding="utf-8") as f:
                        fresh = json.load(f)
                except OSError as e:
                    raise FixtureError(f"{copy}: cannot read the file: {e.strerror}")
                found = moved(path, committed, fresh)
                problems.extend(found)
                print(f"{path}: {'MOVED' if found else 'holds'}")
                continue
            text = record(path, functions)
            target = os.path.join(args.out, os.path.basename(path)) if args.out else path
            with open(target + ".tmp", "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(target + ".tmp", target)
            print(f"{path}: recorded" + (f" into {target}" if args.out else ""))
        except FixtureError as e:
            print(f"record-expected: {e}", file=sys.stderr)
            bad += 1
    for problem in problems:
        print(problem, file=sys.stderr)
    if bad:
        return 2
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
