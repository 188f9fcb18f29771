"""Records what PyTorch itself computes for parity fixtures into their "expected" block.

  tools/record-expected.py FIXTURE...                 write the block into each file (format 1.1; 1.2 kept)
  tools/record-expected.py --out DIR FIXTURE...       write recorded copies into DIR instead
  tools/record-expected.py --compare DIR FIXTURE...   fail when DIR's copies' values moved beyond each
                                                      fixture's tolerance from the values FIXTURE holds

The network is built with torch.nn.Linear and the activation's torch.nn module, the loss is
F.cross_entropy or F.mse_loss plus 0.5·l2·Σ‖W‖², training runs torch.optim (README: Recorded PyTorch
values); in format 1.2 each hidden layer with its own activation module, a layer without bias as
torch.nn.Linear(bias=False), the loss huber as F.huber_loss with the fixture's delta, bce_with_logits as
F.binary_cross_entropy_with_logits with its posWeight and mse's reduction "sum" as F.mse_loss(reduction="sum").
Every byte of the file other than the expected block and the version is kept:
a fixture of format 1 or 1.1 is written as "1.1", one of 1.2 stays "1.2".
Runs under Debian's /usr/bin/python3 with its python3-torch package (apt-get install python3-torch), as
tools/record-expected.py or, with tools/ on the path, /usr/bin/python3 -m parity_tools.record_expected.
Exit codes: 0 done, 1 a recorded value moved (--compare), 2 bad input or usage.
"""

import argparse
import json
import os
import sys

from parity_tools import torch_fixture
from parity_tools.torch_fixture import FixtureError


def record(path):
    """The fixture's text with a freshly recorded expected block."""
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
        network = torch_fixture.Network(path, fixture)
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
    parser.add_argument("fixtures", nargs="+", metavar="FIXTURE")
    args = parser.parse_args(argv)
    torch_fixture.configure_torch()
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
            text = record(path)
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
