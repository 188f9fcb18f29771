"""Trains a fixture with PyTorch itself (torch.nn.functional, torch.optim) and compares ./parity train.

    /usr/bin/python3 tools/torch-trajectory.py FIXTURE.json... [--impl core] [--impl reference]
        [--loss-function NAME=FILE.py:FUNCTION]
    (or, with tools/ on the path, /usr/bin/python3 -m parity_tools.torch_trajectory …)

For each fixture with a training block: builds the network from the fixture and trains it with
torch.optim.SGD / Adam / AdamW on the batch rows (k*b + i) mod N of step k, exactly as
tools/record-expected.py records it (parity_tools.torch_fixture: train), then runs
`./parity train --impl NAME FIXTURE` and prints per implementation the largest |a - b| and |a - b| / |b|
over the losses of every step and over the final parameters (b = torch). Needs torch for this python
(Debian: apt-get install python3-torch, then /usr/bin/python3). Not part of mvn verify. The loss is the
recorder's: a fixture whose loss is the user's own trains with the function --loss-function registers for it,
as tools/record-expected.py takes it (loading FILE.py runs its code).
"""
import json
import math
import os
import subprocess
import sys

from parity_tools import record_expected, torch_fixture

# This package's folder is tools/parity_tools/ in the repository: the ./parity it runs is the repository's.
_REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def torch_run(path, loss_functions=None):
    """The fixture trained by torch.optim as tools/record-expected.py records it (torch_fixture.train), a loss of
    the user's own with its function from `loss_functions`."""
    with open(path, encoding="utf-8") as f:
        fixture = json.load(f)
    return torch_fixture.Network(path, fixture, loss_functions).train()


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


def parity_command():
    """./parity of the repository this package sits in; of the working directory when installed elsewhere."""
    beside = os.path.join(_REPOSITORY, "parity")
    return beside if os.path.isfile(beside) else os.path.abspath("parity")


def main(argv=None):
    """The command line, on `argv` (sys.argv[1:] when None)."""
    argv = sys.argv[1:] if argv is None else argv
    options = ("--impl", "--loss-function")
    impls = [argv[i + 1] for i, a in enumerate(argv) if a == "--impl"] or ["core", "reference"]
    specs = [argv[i + 1] for i, a in enumerate(argv) if a == "--loss-function"]
    files = [a for i, a in enumerate(argv) if a not in options and (i == 0 or argv[i - 1] not in options)]
    parity = parity_command()
    torch_fixture.configure_torch()
    try:
        functions = record_expected.loss_functions(specs)
    except torch_fixture.FixtureError as e:
        print(f"torch-trajectory: {e}", file=sys.stderr)
        return 2
    for path in files:
        losses, params = torch_run(path, functions)
        for impl in impls:
            out = subprocess.run([parity, "train", "--impl", impl, path],
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
    sys.exit(main(sys.argv[1:]))
