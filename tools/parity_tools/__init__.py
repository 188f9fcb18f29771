"""The parity gate's Python tools: what PyTorch itself computes for a fixture.

  parity_tools.torch_fixture     a fixture's network, loss and torch.optim run in torch; the JSON text
  parity_tools.record_expected   records PyTorch's values into fixtures' "expected" block (tools/record-expected.py)
  parity_tools.export_fixture    writes a fixture from a torch.nn model or a saved state_dict (tools/export-fixture.py)
  parity_tools.torch_trajectory  trains a fixture with torch.optim and compares ./parity train (tools/torch-trajectory.py)

Python 3 and torch only (on these machines Debian's python3-torch, for /usr/bin/python3); nothing to install:
run a tool as `/usr/bin/python3 tools/record-expected.py …`, or as `/usr/bin/python3 -m parity_tools.record_expected …`
with tools/ on the path (PYTHONPATH=tools). tools/pyproject.toml makes it an installable package too.
"""
