"""Tests of the recorder and the exporter: /usr/bin/python3 -m unittest discover -s tools (run by .ci/run)."""

import contextlib
import importlib.util
import io
import json
import os
import re
import tempfile
import unittest

import torch

import export_fixture
import torch_fixture

TOOLS = os.path.dirname(os.path.abspath(__file__))
SUITE = os.path.join(TOOLS, "..", "fixtures", "src", "main", "resources", "parity", "fixtures", "suite")


def _load(name, file):
    spec = importlib.util.spec_from_file_location(name, os.path.join(TOOLS, file))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


record_expected = _load("record_expected", "record-expected.py")

SEED = """{
  "name": "seed-blog",
  "dtype": "float64",
  "layers": [3, 4, 5],
  "activation": "sigmoid",
  "loss": "softmax_cross_entropy",
  "l2": 0.5,
  "inputs": [[0, 2, 4], [1, 3, 5]],
  "targets": [3, 4],
  "params": {
    "W1": [[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]],
    "b1": [1, 1, 1, 1],
    "W2": [[2, 2, 2, 2], [2, 2, 2, 2], [2, 2, 2, 2], [2, 2, 2, 2], [2, 2, 2, 2]],
    "b2": [2, 2, 2, 2, 2]
  },
  "tolerance": { "rtol": 1e-7, "atol": 1e-7 }
}
"""


def without_recording(text):
    """The text with the version member and the expected member taken out, as the recorder adds them."""
    text = re.sub(r'"version": "1\.1",\s*', "", text, count=1)
    members, _ = torch_fixture.top_level_members(text)
    for key, _, start, end in members:
        if key == "expected":
            previous = text.rfind(",", 0, text.rfind('"expected"', 0, start))
            return text[:previous] + text[end:]
    return text


class Recorder(unittest.TestCase):

    def record_text(self, text):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "f.json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            return record_expected.record(path)

    def test_every_other_byte_is_kept(self):
        one_line = '{"name": "one-line", ' + SEED[SEED.index('"dtype"'):].replace("\n", " ").strip()[:-1] + "}"
        for text in (SEED, SEED.replace("\n  ", "\n\t"), one_line):
            recorded = self.record_text(text)
            self.assertEqual(text, without_recording(recorded))
            self.assertEqual("1.1", json.loads(recorded)["version"])
            self.assertEqual(35.6094379124341, json.loads(recorded)["expected"]["loss"])

    def test_recording_again_changes_only_the_expected_block(self):
        once = self.record_text(SEED)
        stale = once.replace("35.6094379124341", "1.5", 1)
        self.assertNotEqual(once, stale)
        self.assertEqual(once, self.record_text(stale))

    def test_the_bundled_suite_is_recorded_with_nothing_else_changed(self):
        # Recorded again, each bundled file differs from the committed one in its expected block only, and
        # by no value beyond the fixture's tolerance; without its recording it is a fixture of format 1.
        with open(os.path.join(SUITE, "index.txt")) as index:
            names = index.read().split()
        for name in names:
            path = os.path.join(SUITE, name)
            with open(path, encoding="utf-8") as f:
                committed = f.read()
            fixture = json.loads(without_recording(committed))
            self.assertNotIn("expected", fixture)
            self.assertNotIn("version", fixture)
            again = record_expected.record(path)
            self.assertEqual(without_recording(committed), without_recording(again), name)
            self.assertEqual([], record_expected.moved(path, json.loads(committed), json.loads(again)), name)

    def test_seed_values_are_the_known_ones(self):
        block = json.loads(self.record_text(SEED))["expected"]
        self.assertEqual(35.6094379124341, block["loss"])
        self.assertEqual([[0.5, 1.0, 1.5]] * 4, block["gradients"]["dW1"])
        self.assertEqual([0.2, 0.2, 0.2, -0.30000000000000004, -0.30000000000000004], block["gradients"]["db2"])
        self.assertNotIn("losses", block)

    def test_a_registered_activation_is_refused(self):
        with self.assertRaises(torch_fixture.FixtureError) as refused:
            self.record_text(SEED.replace('"sigmoid"', '"swish"'))
        self.assertIn("activation: 'swish' is not built in", str(refused.exception))

    def test_an_optimizer_or_setting_it_does_not_know_is_refused(self):
        adam = SEED.replace('"l2": 0.5,', '"l2": 0.5, "training": {"optimizer": "adam", "learningRate": 0.1, '
                                          '"steps": 2},')
        with self.assertRaises(torch_fixture.FixtureError) as refused:
            self.record_text(adam)
        self.assertIn("training.optimizer: 'adam' is not one this tool can record", str(refused.exception))
        momentum = SEED.replace('"l2": 0.5,', '"l2": 0.5, "training": {"optimizer": "sgd", "learningRate": 0.1, '
                                              '"steps": 2, "momentum": 0.9},')
        with self.assertRaises(torch_fixture.FixtureError) as refused:
            self.record_text(momentum)
        self.assertIn("training.momentum: not known to this tool", str(refused.exception))

    def test_compare_finds_a_value_moved_beyond_tolerance(self):
        committed = json.loads(self.record_text(SEED))
        fresh = json.loads(json.dumps(committed))
        fresh["expected"]["gradients"]["db2"][0] = 0.2 * (1 + 1e-6)
        self.assertEqual(["f.json: expected.gradients.db2[0]: recorded 0.2, now 0.2000002"],
                         record_expected.moved("f.json", committed, fresh))
        fresh["expected"]["gradients"]["db2"][0] = 0.2 + 0.5e-7
        self.assertEqual([], record_expected.moved("f.json", committed, fresh))

    def test_compare_on_the_command_line_exits_1_naming_the_value(self):
        with tempfile.TemporaryDirectory() as folder:
            committed, copies = os.path.join(folder, "f.json"), os.path.join(folder, "copies")
            os.mkdir(copies)
            with open(committed, "w", encoding="utf-8") as f:
                f.write(self.record_text(SEED))
            with contextlib.redirect_stdout(io.StringIO()):
                self.assertEqual(0, record_expected.main(["--out", copies, committed]))
                self.assertEqual(0, record_expected.main(["--compare", copies, committed]))
            with open(committed, encoding="utf-8") as f:
                text = f.read()
            with open(committed, "w", encoding="utf-8") as f:
                f.write(text.replace("35.6094379124341", "35.61", 1))
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                self.assertEqual(1, record_expected.main(["--compare", copies, committed]))
            self.assertEqual(f"{committed}: expected.loss: recorded 35.61, now 35.6094379124341\n", err.getvalue())

    def test_a_registered_activation_is_exit_2_with_one_line(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "f.json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(SEED.replace('"sigmoid"', '"swish"'))
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                self.assertEqual(2, record_expected.main([path]))
            with open(path, encoding="utf-8") as f:
                self.assertEqual(SEED.replace('"sigmoid"', '"swish"'), f.read(), "the file is left as it was")
        self.assertEqual(f"record-expected: {path}: activation: 'swish' is not built in (built in: sigmoid, tanh, "
                         f"relu, leaky_relu, softplus); a registered activation has no torch counterpart this tool "
                         f"knows, so its values cannot be recorded\n", err.getvalue())

    def test_bad_input_is_exit_2_with_one_line(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = record_expected.main(["/nonexistent/f.json"])
        self.assertEqual(2, code)
        self.assertEqual("record-expected: /nonexistent/f.json: cannot read the file: No such file or directory\n",
                         err.getvalue())


class Generator(unittest.TestCase):

    def test_splitmix64_matches_the_java_generator(self):
        # SplitMix64Test's values: the first outputs for seed 0, as in the reference implementation.
        random = torch_fixture.SplitMix64(0)
        self.assertEqual([0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F],
                         [random.next() for _ in range(3)])


class Exporter(unittest.TestCase):

    def model(self, activation=torch.nn.Tanh()):
        torch.manual_seed(3)
        return torch.nn.Sequential(torch.nn.Linear(3, 4), activation, torch.nn.Linear(4, 2)).double()

    def test_the_recorded_values_are_the_models_own(self):
        model = self.model()
        inputs = torch.randn(5, 3, dtype=torch.float64)
        targets = torch.tensor([0, 1, 1, 0, 1])
        text = export_fixture.export(model, inputs, targets, loss="softmax_cross_entropy", l2=0.1, name="t",
                                     training={"optimizer": "sgd", "learningRate": 0.1, "steps": 3})
        fixture = json.loads(text)
        loss = torch.nn.functional.cross_entropy(model(inputs), targets) + 0.05 * (
            (model[0].weight ** 2).sum() + (model[2].weight ** 2).sum())
        loss.backward()
        self.assertAlmostEqual(loss.item(), fixture["expected"]["loss"], places=15)
        self.assertEqual(model[0].weight.grad.tolist(), fixture["expected"]["gradients"]["dW1"])
        self.assertEqual(4, len(fixture["expected"]["losses"]))
        self.assertEqual(model[2].bias.tolist(), fixture["params"]["b2"], "the caller's model is not trained")
        # Rebuilt from the file alone, the recorder gets the same numbers.
        rebuilt = torch_fixture.Network("t.json", fixture).expected()
        self.assertEqual(fixture["expected"]["gradients"], rebuilt["gradients"])
        self.assertEqual(fixture["expected"]["losses"], rebuilt["losses"])
        self.assertEqual(fixture["expected"]["params"], rebuilt["params"])

    def test_float32_models_export_float32_fixtures(self):
        model = self.model().float()
        text = export_fixture.export(model, torch.randn(2, 3), torch.randn(2, 2), loss="mse", l2=0, name="f")
        fixture = json.loads(text)
        self.assertEqual("float32", fixture["dtype"])
        value = fixture["expected"]["gradients"]["dW2"][0][0]
        self.assertEqual(value, float(torch.tensor(value, dtype=torch.float32)), "a float32 value")

    def test_what_the_format_cannot_say_is_refused(self):
        cases = [
            (torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.GELU(), torch.nn.Linear(4, 2)).double(),
             "model: GELU is not a supported activation"),
            (self.model(torch.nn.LeakyReLU(0.2)), "model: LeakyReLU(negative_slope=0.2): the fixture format's "
                                                  "leaky_relu has slope 0.01"),
            (torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Softmax(dim=1)).double(),
             "model: the last module must be a Linear"),
            (torch.nn.Sequential(torch.nn.Linear(3, 2, bias=False)).double(), "model[0]: Linear without a bias"),
        ]
        for model, message in cases:
            with self.assertRaises(torch_fixture.FixtureError) as refused:
                export_fixture.export(model, torch.zeros(1, 3), torch.tensor([0]), loss="softmax_cross_entropy",
                                      l2=0, name="x")
            self.assertTrue(str(refused.exception).startswith(message), str(refused.exception))

    def test_command_line_on_a_state_dict(self):
        model = self.model(torch.nn.Softplus())
        with tempfile.TemporaryDirectory() as folder:
            state, data, out = (os.path.join(folder, n) for n in ("m.pt", "d.json", "o.json"))
            torch.save(model.state_dict(), state)
            with open(data, "w") as f:
                json.dump({"inputs": [[1, 2, 3], [0, -1, 0.5]], "targets": [1, 0]}, f)
            with contextlib.redirect_stdout(io.StringIO()):
                code = export_fixture.main(["--state-dict", state, "--activation", "softplus", "--data", data,
                                            "--loss", "softmax_cross_entropy", "--l2", "0.01", "--name", "cli",
                                            "--sgd", "0.1", "4", "-o", out])
            self.assertEqual(0, code)
            with open(out) as f:
                fixture = json.load(f)
        self.assertEqual([3, 4, 2], fixture["layers"])
        self.assertEqual("softplus", fixture["activation"])
        self.assertEqual(model[0].weight.tolist(), fixture["params"]["W1"])
        self.assertEqual(5, len(fixture["expected"]["losses"]))


if __name__ == "__main__":
    unittest.main()
