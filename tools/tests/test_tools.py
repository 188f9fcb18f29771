"""Tests of the recorder and the exporter, from the repository root (run by .ci/run):

    /usr/bin/python3 -m unittest discover -s tools/tests -t tools
"""

import contextlib
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import unittest

import torch

from parity_tools import export_fixture, record_expected, torch_fixture

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITE = os.path.join(TOOLS, "..", "fixtures", "src", "main", "resources", "parity", "fixtures", "suite")

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
    """The text with the version member and the expected member taken out, as the recorder adds them (a
    fixture of format 1.2 says "version": "1.2" itself: that member stays)."""
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
        # Recorded again, each bundled file (listed in index.txt or not yet) differs from the committed one in
        # its expected block only, and by no value beyond the fixture's tolerance; without its recording it is
        # a fixture of format 1, or of format 1.2 saying so.
        with open(os.path.join(SUITE, "index.txt")) as index:
            names = index.read().split()
        names += sorted(n for n in os.listdir(SUITE) if n.endswith(".json") and n not in names)
        for name in names:
            path = os.path.join(SUITE, name)
            with open(path, encoding="utf-8") as f:
                committed = f.read()
            fixture = json.loads(without_recording(committed))
            self.assertNotIn("expected", fixture)
            self.assertIn(fixture.get("version"), (None, "1.2"), name)
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
        rmsprop = SEED.replace('"l2": 0.5,', '"l2": 0.5, "training": {"optimizer": "rmsprop", "learningRate": 0.1, '
                                             '"steps": 2},')
        with self.assertRaises(torch_fixture.FixtureError) as refused:
            self.record_text(rmsprop)
        self.assertIn("training.optimizer: 'rmsprop' is not one this tool can record (known: sgd, adam, adamw)",
                      str(refused.exception))
        adam_momentum = SEED.replace('"l2": 0.5,', '"l2": 0.5, "training": {"optimizer": "adam", "learningRate": 0.1, '
                                                   '"steps": 2, "momentum": 0.9},')
        with self.assertRaises(torch_fixture.FixtureError) as refused:
            self.record_text(adam_momentum)
        self.assertIn("training.momentum: not known to this tool for optimizer 'adam' (known: optimizer, steps, "
                      "learningRate, betas, eps, weightDecay, amsgrad, batchSize)", str(refused.exception))


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


# A generated fixture of 7 samples, for the training blocks below.
GENERATED = """{
  "name": "generated",
  "dtype": "float64",
  "layers": [3, 4, 2],
  "activation": "tanh",
  "loss": "softmax_cross_entropy",
  "l2": 0.01,
  "init": {"seed": 11, "scale": 0.5, "samples": 7}
}
"""


def by_hand(network, training):
    """torch.optim's documented update rules written out on plain tensors (torch.optim.SGD, Adam, AdamW
    docs), on the rows (k·b + i) mod N of step k, each gradient from autograd on that batch: the
    recorder's run must match it, and must differ from it when a setting is dropped."""
    name = training["optimizer"]
    lr, steps = training["learningRate"], training["steps"]
    samples = network.inputs.shape[0]
    b = training.get("batchSize", samples)
    wd = training.get("weightDecay", 0.01 if name == "adamw" else 0)
    mu, tau = training.get("momentum", 0), training.get("dampening", 0)
    beta1, beta2 = training.get("betas", (0.9, 0.999))
    eps, amsgrad, nesterov = training.get("eps", 1e-8), training.get("amsgrad", False), training.get("nesterov", False)
    model = network.model()
    thetas = [p.detach().clone() for p in model.parameters()]
    state = [{} for _ in thetas]
    losses = []
    for k in range(steps):
        with torch.no_grad():
            for p, theta in zip(model.parameters(), thetas):
                p.copy_(theta)
            losses.append(torch_fixture.total_loss(model, network.inputs, network.targets, network.loss,
                                                   network.l2).item())
        rows = torch.tensor([(k * b + i) % samples for i in range(b)])
        model.zero_grad()
        torch_fixture.total_loss(model, network.inputs[rows], network.targets[rows], network.loss,
                                 network.l2).backward()
        for i, p in enumerate(model.parameters()):
            g, theta, st = p.grad.detach().clone(), thetas[i], state[i]
            if name == "sgd":
                g = g + wd * theta
                if mu != 0:
                    st["b"] = g if k == 0 else mu * st["b"] + (1 - tau) * g
                    g = g + mu * st["b"] if nesterov else st["b"]
                thetas[i] = theta - lr * g
                continue
            if name == "adamw":
                theta = theta * (1 - lr * wd)
            else:
                g = g + wd * theta
            t = k + 1
            st["m"] = beta1 * st.get("m", torch.zeros_like(g)) + (1 - beta1) * g
            st["v"] = beta2 * st.get("v", torch.zeros_like(g)) + (1 - beta2) * g * g
            v = st["v"]
            if amsgrad:
                st["vmax"] = torch.maximum(st.get("vmax", torch.zeros_like(g)), v)
                v = st["vmax"]
            m_hat, v_hat = st["m"] / (1 - beta1 ** t), v / (1 - beta2 ** t)
            thetas[i] = theta - lr * m_hat / (v_hat.sqrt() + eps)
    with torch.no_grad():
        for p, theta in zip(model.parameters(), thetas):
            p.copy_(theta)
        losses.append(torch_fixture.total_loss(model, network.inputs, network.targets, network.loss, network.l2).item())
    return losses, [theta.tolist() for theta in thetas]


def assert_export_refused(test, argv, message):
    """export-fixture refuses argv: exit 2 and one line on standard error, "export-fixture: " + message + …."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        test.assertEqual(2, export_fixture.main(argv))
    test.assertEqual(1, err.getvalue().count("\n"), err.getvalue())
    test.assertTrue(err.getvalue().startswith("export-fixture: " + message), err.getvalue())


class Optimisers(unittest.TestCase):
    """The recorder trains as torch.optim does, every setting of the training block taken."""

    BLOCKS = [
        {"optimizer": "sgd", "learningRate": 0.3, "steps": 6, "momentum": 0.9, "dampening": 0.5},
        {"optimizer": "sgd", "learningRate": 0.3, "steps": 6, "momentum": 0.8, "nesterov": True, "weightDecay": 0.2,
         "batchSize": 3},
        {"optimizer": "adam", "learningRate": 0.05, "steps": 6, "batchSize": 4},
        {"optimizer": "adam", "learningRate": 0.05, "steps": 6, "betas": [0.8, 0.99], "eps": 1e-3,
         "weightDecay": 0.1},
        {"optimizer": "adamw", "learningRate": 0.05, "steps": 6, "weightDecay": 0.3, "amsgrad": True,
         "batchSize": 5},
        {"optimizer": "adamw", "learningRate": 0.05, "steps": 6},
    ]

    @staticmethod
    def network(training):
        fixture = json.loads(GENERATED)
        fixture["training"] = training
        return torch_fixture.Network("generated.json", fixture)

    @staticmethod
    def flat(params):
        return [x for name in params for x in torch.tensor(params[name]).flatten().tolist()]

    def assertClose(self, expected, actual, message):
        for x, y in zip(expected, actual):
            self.assertLessEqual(abs(x - y), 1e-12 + 1e-9 * abs(x), message)

    @staticmethod
    def assertLossChangesTheRun(test, name, fixture, other_loss, training):
        """The fixture's run and the same run with `other_loss` (its loss without the option under test) part by
        more than 1e-6 somewhere: the option reached the training."""
        _, own = torch_fixture.Network(name, dict(fixture, training=training)).train()
        _, other = torch_fixture.Network(name, dict(fixture, loss=other_loss, training=training)).train()
        test.assertGreater(max(abs(a - b) for a, b in zip(Optimisers.flat(own), Optimisers.flat(other))), 1e-6)

    @staticmethod
    def assertEachBlockTrainsByHand(test, network_of, blocks=None, each=None):
        """Each training block's run by the recorder is by_hand's run of torch.optim's rules: the losses and the
        parameters within 1e-12 + 1e-9·|x|. network_of(training) builds the network; each(training, losses, params),
        when given, checks every run further."""
        for training in Optimisers.BLOCKS if blocks is None else blocks:
            network = network_of(training)
            losses, params = network.train()
            if each is not None:
                each(training, losses, params)
            hand_losses, hand_params = by_hand(network, training)
            Optimisers.assertClose(test, hand_losses, losses, f"losses of {training}")
            Optimisers.assertClose(test, [x for t in hand_params for x in torch.tensor(t).flatten().tolist()],
                                   Optimisers.flat(params), f"params of {training}")

    def test_each_block_trains_by_torch_optims_rules(self):
        self.assertEachBlockTrainsByHand(self, self.network, each=lambda training, losses, params: self.assertEqual(
            training["steps"] + 1, len(losses)))

    def test_every_setting_changes_the_run(self):
        # A setting the recorder dropped would leave the run as torch's default makes it: each one moves it.
        for training in self.BLOCKS:
            defaults = {k: training[k] for k in ("optimizer", "learningRate", "steps")}
            if training == defaults:
                continue
            _, with_settings = self.network(training).train()
            _, without = self.network(defaults).train()
            self.assertGreater(max(abs(a - b) for a, b in zip(self.flat(with_settings), self.flat(without))), 1e-6,
                               str(training))

    def test_adamw_decays_by_default_and_adam_does_not(self):
        adam = {"optimizer": "adam", "learningRate": 0.05, "steps": 3}
        _, default = self.network(dict(adam)).train()
        _, explicit = self.network(dict(adam, weightDecay=0)).train()
        self.assertEqual(default, explicit)
        adamw = {"optimizer": "adamw", "learningRate": 0.05, "steps": 3}
        _, default = self.network(dict(adamw)).train()
        _, explicit = self.network(dict(adamw, weightDecay=0.01)).train()
        self.assertEqual(default, explicit)

    def test_batch_rows_wrap_in_the_fixtures_order(self):
        self.assertEqual([0, 1, 2], torch_fixture.batch_rows(0, 3, 8))
        self.assertEqual([6, 7, 0], torch_fixture.batch_rows(2, 3, 8))
        self.assertEqual([1, 2, 3], torch_fixture.batch_rows(3, 3, 8))

    def test_losses_are_over_all_samples_on_a_mini_batch(self):
        network = self.network({"optimizer": "sgd", "learningRate": 0.3, "steps": 2, "batchSize": 2})
        losses, _ = network.train()
        loss, _ = network.gradients()
        self.assertEqual(loss, losses[0], "the loss before step 0 is the whole fixture's")

    def test_a_full_batch_given_as_batch_size_is_the_full_batch(self):
        full = {"optimizer": "adam", "learningRate": 0.05, "steps": 4}
        self.assertEqual(self.network(full).train(), self.network(dict(full, batchSize=7)).train())

    def test_the_exporter_records_any_optimiser_and_refuses_an_unknown_setting(self):
        torch.manual_seed(3)
        model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2)).double()
        inputs, targets = torch.randn(5, 3, dtype=torch.float64), torch.tensor([0, 1, 1, 0, 1])
        training = {"optimizer": "adamw", "learningRate": 0.05, "steps": 3, "amsgrad": True, "batchSize": 2}
        fixture = json.loads(export_fixture.export(model, inputs, targets, loss="softmax_cross_entropy", l2=0.1,
                                                   name="t", training=training))
        rebuilt = torch_fixture.Network("t.json", fixture).expected()
        self.assertEqual(fixture["expected"]["losses"], rebuilt["losses"])
        self.assertEqual(fixture["expected"]["params"], rebuilt["params"])
        with self.assertRaises(torch_fixture.FixtureError) as refused:
            export_fixture.export(model, inputs, targets, loss="softmax_cross_entropy", l2=0.1, name="t",
                                  training=dict(training, maximize=True))
        self.assertTrue(str(refused.exception).startswith("training.maximize: not known to this tool for optimizer "
                                                          "'adamw'"), str(refused.exception))


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
            (torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Dropout(),
                                 torch.nn.Linear(4, 2)).double(), "model[2]: expected a Linear, got Dropout"),
            (torch.nn.Sequential(torch.nn.Linear(3, 4, bias=False), torch.nn.ReLU(), torch.nn.Softplus(beta=2),
                                 torch.nn.Linear(4, 2)).double(), "model[2]: expected a Linear, got Softplus"),
            (torch.nn.Sequential(torch.nn.Linear(3, 4, bias=False), torch.nn.ELU(),
                                 torch.nn.Linear(4, 2)).double(), "model: ELU is not a supported activation"),
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

    def test_a_state_dict_saved_in_the_legacy_format_loads_too(self):
        model = self.model()
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "legacy.pt")
            torch.save(model.state_dict(), path, _use_new_zipfile_serialization=False)
            state = export_fixture.load_state_dict(path)
        self.assertEqual(model[0].weight.tolist(), state["0.weight"].tolist())

    def test_a_state_dict_whose_pickle_would_run_code_is_refused_and_the_code_not_run(self):
        with tempfile.TemporaryDirectory() as folder:
            state, data, out, marker = (os.path.join(folder, n) for n in ("m.pt", "d.json", "o.json", "ran"))
            # What an attacker's "model.pt" can hold: unpickling calls exec, which writes the marker file.
            state_dict = dict(self.model().state_dict())
            state_dict["0.weight"] = RunsCode(f"open({marker!r}, 'w').close()")
            torch.save(state_dict, state)
            with open(data, "w") as f:
                json.dump({"inputs": [[1, 2, 3]], "targets": [1]}, f)
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = export_fixture.main(["--state-dict", state, "--activation", "tanh", "--data", data,
                                            "--loss", "softmax_cross_entropy", "--l2", "0", "--name", "x", "-o", out])
            self.assertEqual(2, code)
            self.assertFalse(os.path.exists(marker), "the pickled code ran")
            self.assertFalse(os.path.exists(out))
            self.assertEqual(1, err.getvalue().count("\n"), err.getvalue())
            self.assertTrue(err.getvalue().startswith(f"export-fixture: {state}: refused: it holds more than tensors, "
                                                      f"and unpickling the rest could run code"), err.getvalue())
            # The control: the payload is live, an unrestricted torch.load runs it.
            torch.load(state, map_location="cpu", weights_only=False)
            self.assertTrue(os.path.exists(marker), "the payload did not run where nothing stops it")


# Format 1.2: an activation per hidden layer, layers without bias. Layers [3, 4, 5, 2]: relu, then tanh;
# layers 1 and 3 without bias.
MIXED = """{
  "version": "1.2",
  "name": "mixed",
  "dtype": "float64",
  "layers": [3, 4, 5, 2],
  "activation": ["relu", "tanh"],
  "bias": [false, true, false],
  "loss": "softmax_cross_entropy",
  "l2": 0.1,
  "inputs": [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [-0.5, 1.25, 0.5]],
  "targets": [1, 0, 1],
  "params": {
    "W1": [[0.3, -0.2, 0.4], [-0.5, 0.1, 0.2], [0.25, 0.6, -0.3], [0.7, -0.4, 0.1]],
    "W2": [[0.2, -0.3, 0.5, 0.1], [-0.4, 0.2, 0.3, -0.6], [0.1, 0.5, -0.2, 0.3], [0.6, -0.1, 0.2, 0.4],
           [-0.3, 0.4, 0.1, -0.2]],
    "b2": [0.1, -0.2, 0.05, 0.3, -0.15],
    "W3": [[0.5, -0.3, 0.2, 0.4, -0.1], [-0.2, 0.6, -0.4, 0.1, 0.3]]
  }
}
"""


def mixed_by_hand(fixture):
    """MIXED's network written out with torch.nn (Linear(bias=False) where it has none), autograd's
    loss and gradients on it: what the recorder must give."""
    linear1 = torch.nn.Linear(3, 4, bias=False).double()
    linear2 = torch.nn.Linear(4, 5).double()
    linear3 = torch.nn.Linear(5, 2, bias=False).double()
    params = fixture["params"]
    with torch.no_grad():
        linear1.weight.copy_(torch.tensor(params["W1"], dtype=torch.float64))
        linear2.weight.copy_(torch.tensor(params["W2"], dtype=torch.float64))
        linear2.bias.copy_(torch.tensor(params["b2"], dtype=torch.float64))
        linear3.weight.copy_(torch.tensor(params["W3"], dtype=torch.float64))
    inputs = torch.tensor(fixture["inputs"], dtype=torch.float64)
    output = linear3(torch.tanh(linear2(torch.relu(linear1(inputs)))))
    loss = torch.nn.functional.cross_entropy(output, torch.tensor(fixture["targets"])) + 0.5 * fixture["l2"] * sum(
        (linear.weight ** 2).sum() for linear in (linear1, linear2, linear3))
    loss.backward()
    return loss.item(), {"dW1": linear1.weight.grad.tolist(), "dW2": linear2.weight.grad.tolist(),
                         "db2": linear2.bias.grad.tolist(), "dW3": linear3.weight.grad.tolist()}


class Format12(unittest.TestCase):
    """The recorder on format 1.2: an activation per hidden layer, layers without bias."""

    def record_text(self, text):
        return Recorder.record_text(self, text)

    def refused(self, text):
        """The one line record-expected prints for `text`, after checking it exits 2 and leaves the file."""
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "f.json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                self.assertEqual(2, record_expected.main([path]))
            with open(path, encoding="utf-8") as f:
                self.assertEqual(text, f.read(), "the file is left as it was")
        self.assertEqual(1, err.getvalue().count("\n"), err.getvalue())
        prefix = f"record-expected: {path}: "
        self.assertTrue(err.getvalue().startswith(prefix), err.getvalue())
        return err.getvalue()[len(prefix):-1]

    def test_the_recorded_gradients_are_autograds_on_the_same_network(self):
        recorded = self.record_text(MIXED)
        block = json.loads(recorded)["expected"]
        loss, gradients = mixed_by_hand(json.loads(MIXED))
        self.assertEqual(["dW1", "dW2", "db2", "dW3"], list(block["gradients"]), "no db for a layer without bias")
        self.assertEqual(gradients, block["gradients"])
        self.assertEqual(loss, block["loss"])
        self.assertEqual("1.2", json.loads(recorded)["version"], "a 1.2 fixture stays 1.2")
        self.assertEqual(MIXED, without_recording(recorded), "every other byte is kept")
        self.assertEqual(recorded, self.record_text(recorded))

    def test_each_hidden_layer_applies_its_own_activation(self):
        # The same fixture with the two activations swapped, or both relu, records other values.
        fixture = json.loads(MIXED)
        losses = set()
        for activation in (["relu", "tanh"], ["tanh", "relu"], ["relu", "relu"], "relu"):
            network = torch_fixture.Network("m.json", dict(fixture, activation=activation))
            losses.add(network.gradients()[0])
            model = network.model()
            hidden = [type(m).__name__ for m in model if not isinstance(m, torch.nn.Linear)]
            expected = activation if isinstance(activation, list) else [activation] * 2
            self.assertEqual([{"relu": "ReLU", "tanh": "Tanh"}[a] for a in expected], hidden)
            self.assertEqual([False, True, False], [m.bias is not None for m in torch_fixture.linears(model)])
        self.assertEqual(3, len(losses), "relu,relu given as a list or as one name is the same network")

    def test_bias_false_and_true(self):
        fixture = json.loads(MIXED)
        params = {k: v for k, v in fixture["params"].items() if not k.startswith("b")}
        none = torch_fixture.Network("m.json", dict(fixture, bias=False, params=params))
        self.assertEqual(["dW1", "dW2", "dW3"], list(none.gradients()[1]))
        params = dict(fixture["params"], b1=[0.1] * 4, b3=[0.2, -0.1])
        every = torch_fixture.Network("m.json", dict(fixture, bias=True, params=params))
        self.assertEqual(["dW1", "db1", "dW2", "db2", "dW3", "db3"], list(every.gradients()[1]))
        self.assertEqual(every.gradients(), torch_fixture.Network("m.json", dict(
            fixture, bias=[True, True, True], params=params)).gradients())

    def test_training_steps_every_existing_parameter_by_torch_optims_rules(self):
        fixture = json.loads(MIXED)
        Optimisers.assertEachBlockTrainsByHand(
            self, lambda training: torch_fixture.Network("m.json", dict(fixture, training=training)),
            each=lambda training, losses, params: self.assertEqual(["W1", "W2", "b2", "W3"], list(params)))
        block = json.loads(self.record_text(MIXED.replace(
            '"l2": 0.1,', '"l2": 0.1, "training": {"optimizer": "sgd", "learningRate": 0.1, "steps": 2},')))
        self.assertEqual(["W1", "W2", "b2", "W3"], list(block["expected"]["params"]))

    def test_init_draws_no_bias_for_a_layer_without_one(self):
        # The same stream as format 1, b_l's draws left out: W1, then W2 and b2, then W3, then the inputs.
        generated = json.loads(GENERATED)
        with_bias = torch_fixture.Network("g.json", generated)
        network = torch_fixture.Network("g.json", dict(generated, version="1.2", bias=[False, True]))
        random = torch_fixture.SplitMix64(11)
        draw = [random.symmetric(0.5) for _ in range(3 * 4 + 2 * 4 + 2)]
        self.assertEqual(with_bias.params["W1"], network.params["W1"])
        self.assertEqual([draw[0:3], draw[3:6], draw[6:9], draw[9:12]], network.params["W1"])
        self.assertEqual([draw[12:16], draw[16:20]], network.params["W2"])
        self.assertEqual(draw[20:22], network.params["b2"])
        self.assertEqual(["W1", "W2", "b2"], list(network.params))
        self.assertEqual(random.symmetric(1.0), network.inputs[0][0].item())
        self.assertEqual(["dW1", "dW2", "db2"], list(network.gradients()[1]))

    def test_formats_1_and_1_1_are_recorded_as_1_1(self):
        for version in (None, "1", "1.1"):
            text = SEED if version is None else SEED.replace('{\n', '{\n  "version": "%s",\n' % version, 1)
            recorded = self.record_text(text)
            self.assertEqual("1.1", json.loads(recorded)["version"])
            self.assertEqual(self.record_text(SEED), recorded)
        recorded = self.record_text(SEED.replace('{\n', '{\n  "version": "1.2",\n', 1))
        self.assertEqual("1.2", json.loads(recorded)["version"], "a 1.2 fixture without the new keys stays 1.2")

    def test_a_list_or_bias_of_the_wrong_length_is_refused(self):
        cases = [
            (MIXED.replace('["relu", "tanh"]', '["relu"]'),
             "activation: 1 names for 2 hidden layers (layers [3, 4, 5, 2]: one name per hidden layer, the output "
             "layer is linear)"),
            (MIXED.replace('["relu", "tanh"]', '["relu", "tanh", "sigmoid"]'),
             "activation: 3 names for 2 hidden layers (layers [3, 4, 5, 2]: one name per hidden layer, the output "
             "layer is linear)"),
            (MIXED.replace('[false, true, false]', '[false, true]'),
             "bias: 2 flags for 3 weight layers (layers [3, 4, 5, 2]: one flag per weight layer)"),
            (MIXED.replace('[false, true, false]', '[false, true, false, true]'),
             "bias: 4 flags for 3 weight layers (layers [3, 4, 5, 2]: one flag per weight layer)"),
        ]
        for text, message in cases:
            self.assertEqual(message, self.refused(text))

    def test_the_new_keys_without_version_1_2_are_refused(self):
        seed_list = SEED.replace('"sigmoid"', '["sigmoid"]')
        seed_bias = SEED.replace('"l2": 0.5,', '"l2": 0.5, "bias": true,')
        cases = [
            (MIXED.replace('  "version": "1.2",\n', ''),
             'activation: a list (one activation per hidden layer) needs "version": "1.2"; the fixture has no '
             'version'),
            (MIXED.replace('"1.2"', '"1.1"'),
             'activation: a list (one activation per hidden layer) needs "version": "1.2"; the fixture says '
             '\'1.1\''),
            (seed_list, 'activation: a list (one activation per hidden layer) needs "version": "1.2"; the fixture '
                        'has no version'),
            (seed_bias, 'bias: a layer without bias needs "version": "1.2"; the fixture has no version'),
            (seed_bias.replace('{\n', '{\n  "version": "1",\n', 1),
             'bias: a layer without bias needs "version": "1.2"; the fixture says \'1\''),
        ]
        for text, message in cases:
            self.assertEqual(message, self.refused(text))

    def test_what_1_2_cannot_say_is_refused(self):
        cases = [
            (MIXED.replace('["relu", "tanh"]', '["relu", "swish"]'),
             "activation[1]: 'swish' is not built in (built in: sigmoid, tanh, relu, leaky_relu, softplus); a "
             "registered activation has no torch counterpart this tool knows, so its values cannot be recorded"),
            (MIXED.replace('[false, true, false]', '[false, 1, false]'), "bias[1]: expected true or false, got 1"),
            (MIXED.replace('[false, true, false]', '"no"'),
             'bias: expected true, false or a list of one boolean per weight layer, got "no"'),
            (MIXED.replace('"b2": [', '"b1": [1, 2, 3, 4], "b2": ['),
             "params.b1: layer 1 has no bias (bias: [false, true, false]), so params has no b1"),
            (MIXED.replace('    "b2": [0.1, -0.2, 0.05, 0.3, -0.15],\n', ''), "b2: missing"),
            (MIXED.replace('[[0.5, -0.3, 0.2, 0.4, -0.1], ', '['), "params.W3: expected 2×5, got 1×5"),
            (MIXED.replace('"1.2"', '"1.3"'), "version: '1.3' is not one this tool knows (known: 1, 1.1, 1.2)"),
        ]
        for text, message in cases:
            self.assertEqual(message, self.refused(text))


class ExporterFormat12(unittest.TestCase):
    """The exporter on a Sequential that mixes activations or has Linear(bias=False) layers."""

    @staticmethod
    def mixed_model():
        torch.manual_seed(5)
        return torch.nn.Sequential(torch.nn.Linear(3, 5, bias=False), torch.nn.Tanh(), torch.nn.Linear(5, 4),
                                   torch.nn.LeakyReLU(0.01), torch.nn.Linear(4, 4, bias=False), torch.nn.Softplus(),
                                   torch.nn.Linear(4, 2)).double()

    def test_a_mixed_bias_less_model_records_autograds_gradients(self):
        model = self.mixed_model()
        torch.manual_seed(6)
        inputs, targets = torch.randn(6, 3, dtype=torch.float64), torch.randn(6, 2, dtype=torch.float64)
        training = {"optimizer": "adam", "learningRate": 0.05, "steps": 3}
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "mixed.json")
            text = export_fixture.export(model, inputs, targets, loss="mse", l2=0.05, name="mixed",
                                         training=training, path=path)
            recorded = record_expected.record(path)
        fixture = json.loads(text)
        self.assertEqual("1.2", fixture["version"])
        self.assertEqual(["tanh", "leaky_relu", "softplus"], fixture["activation"])
        self.assertEqual([False, True, False, True], fixture["bias"])
        self.assertEqual(["W1", "W2", "b2", "W3", "W4", "b4"], list(fixture["params"]))
        # torch autograd on the model itself.
        loss = torch.nn.functional.mse_loss(model(inputs), targets) + 0.025 * sum(
            (m.weight ** 2).sum() for m in model if isinstance(m, torch.nn.Linear))
        loss.backward()
        own = {"dW1": model[0].weight.grad.tolist(), "dW2": model[2].weight.grad.tolist(),
               "db2": model[2].bias.grad.tolist(), "dW3": model[4].weight.grad.tolist(),
               "dW4": model[6].weight.grad.tolist(), "db4": model[6].bias.grad.tolist()}
        self.assertEqual(own, fixture["expected"]["gradients"])
        self.assertAlmostEqual(loss.item(), fixture["expected"]["loss"], places=15)
        # The recorder, from the file alone, gives the same numbers and leaves the file as it is.
        self.assertEqual(text, recorded)
        rebuilt = torch_fixture.Network("mixed.json", fixture).expected()
        self.assertEqual(own, rebuilt["gradients"])
        self.assertEqual(fixture["expected"]["losses"], rebuilt["losses"])
        self.assertEqual(fixture["expected"]["params"], rebuilt["params"])
        self.assertIsNone(model[0].bias)

    def test_version_activation_and_bias_keys(self):
        def keys(*modules):
            text = export_fixture.export(torch.nn.Sequential(*modules).double(), torch.ones(2, 3),
                                         torch.tensor([0, 1]), loss="softmax_cross_entropy", l2=0, name="k")
            fixture = json.loads(text)
            return fixture["version"], fixture["activation"], fixture.get("bias", "absent")

        torch.manual_seed(7)
        lin = torch.nn.Linear
        self.assertEqual(("1.1", "relu", "absent"), keys(lin(3, 4), torch.nn.ReLU(), lin(4, 4), torch.nn.ReLU(),
                                                         lin(4, 2)))
        self.assertEqual(("1.2", ["relu", "sigmoid"], "absent"),
                         keys(lin(3, 4), torch.nn.ReLU(), lin(4, 4), torch.nn.Sigmoid(), lin(4, 2)))
        self.assertEqual(("1.2", "tanh", False), keys(lin(3, 4, bias=False), torch.nn.Tanh(), lin(4, 2, bias=False)))
        self.assertEqual(("1.2", "tanh", [True, False]), keys(lin(3, 4), torch.nn.Tanh(), lin(4, 2, bias=False)))
        self.assertEqual(("1.2", "sigmoid", False), keys(lin(3, 2, bias=False)))
        self.assertEqual(("1.1", "sigmoid", "absent"), keys(lin(3, 2)))

    def test_the_text_of_a_1_2_fixture(self):
        torch.manual_seed(8)
        model = torch.nn.Sequential(torch.nn.Linear(2, 2, bias=False), torch.nn.ReLU(), torch.nn.Linear(2, 2),
                                    torch.nn.Tanh(), torch.nn.Linear(2, 1)).double()
        text = export_fixture.export(model, [[1.0, 2.0]], [[0.5]], loss="mse", l2=0.25, name="t")
        self.assertIn('{\n  "version": "1.2",\n  "name": "t",\n  "dtype": "float64",\n  "layers": [2, 2, 2, 1],\n'
                      '  "activation": ["relu", "tanh"],\n  "bias": [false, true, true],\n  "loss": "mse",\n', text)

    def test_command_line_on_a_state_dict_without_biases_and_a_name_per_layer(self):
        model = self.mixed_model()
        with tempfile.TemporaryDirectory() as folder:
            state, data, out = (os.path.join(folder, n) for n in ("m.pt", "d.json", "o.json"))
            torch.save(model.state_dict(), state)
            with open(data, "w") as f:
                json.dump({"inputs": [[1, 2, 3], [0, -1, 0.5]], "targets": [1, 0]}, f)
            args = ["--state-dict", state, "--data", data, "--loss", "softmax_cross_entropy", "--l2", "0.01",
                    "--name", "cli", "-o", out]
            with contextlib.redirect_stdout(io.StringIO()):
                code = export_fixture.main(["--activation", "tanh,leaky_relu,softplus"] + args)
            self.assertEqual(0, code)
            with open(out) as f:
                fixture = json.load(f)
            self.assertEqual(["tanh", "leaky_relu", "softplus"], fixture["activation"])
            self.assertEqual([False, True, False, True], fixture["bias"])
            self.assertEqual(model[4].weight.tolist(), fixture["params"]["W3"])
            for activation, message in (("tanh,relu", "--activation: 2 names for 3 hidden layers"),
                                        ("tanh,gelu,relu", "--activation: unknown activation 'gelu'")):
                assert_export_refused(self, ["--activation", activation] + args, message)


# Format 1.2's huber loss, delta 0.5: layers [3, 4, 2], tanh. At these parameters some residuals
# d = z_L - t lie inside |d| < 0.5 (quadratic), some outside (linear).
HUBER = """{
  "version": "1.2",
  "name": "huber",
  "dtype": "float64",
  "layers": [3, 4, 2],
  "activation": "tanh",
  "loss": {"name": "huber", "delta": 0.5},
  "l2": 0.1,
  "inputs": [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [-0.5, 1.25, 0.5], [0.2, 0.4, -1.2]],
  "targets": [[0.1, -0.9], [1.2, 0.3], [-0.4, 0.05], [0.6, -1.5]],
  "params": {
    "W1": [[0.3, -0.2, 0.4], [-0.5, 0.1, 0.2], [0.25, 0.6, -0.3], [0.7, -0.4, 0.1]],
    "b1": [0.1, -0.2, 0.05, 0.3],
    "W2": [[0.5, -0.3, 0.2, 0.4], [-0.2, 0.6, -0.4, 0.1]],
    "b2": [0.2, -0.1]
  }
}
"""


def huber_by_hand(fixture, delta, data=None):
    """HUBER's network written out with torch.nn, the loss F.huber_loss(delta) (or `data`) plus the L2 term:
    (loss, gradients, residuals z_L - t) by autograd."""
    params = fixture["params"]
    linear1, linear2 = torch.nn.Linear(3, 4).double(), torch.nn.Linear(4, 2).double()
    with torch.no_grad():
        for linear, l in ((linear1, 1), (linear2, 2)):
            linear.weight.copy_(torch.tensor(params[f"W{l}"], dtype=torch.float64))
            linear.bias.copy_(torch.tensor(params[f"b{l}"], dtype=torch.float64))
    inputs = torch.tensor(fixture["inputs"], dtype=torch.float64)
    targets = torch.tensor(fixture["targets"], dtype=torch.float64)
    output = linear2(torch.tanh(linear1(inputs)))
    data = data or (lambda z, t: torch.nn.functional.huber_loss(z, t, delta=delta))
    loss = data(output, targets) + 0.5 * fixture["l2"] * ((linear1.weight ** 2).sum() + (linear2.weight ** 2).sum())
    loss.backward()
    return loss.item(), {"dW1": linear1.weight.grad.tolist(), "db1": linear1.bias.grad.tolist(),
                         "dW2": linear2.weight.grad.tolist(), "db2": linear2.bias.grad.tolist()}, \
        (output - targets).detach().flatten().tolist()


def huber_written_out(delta):
    """h(d) = d²/2 for |d| < delta, else delta·(|d| - delta/2), the mean over every element: torch's documented
    formula, without F.huber_loss."""
    def data(z, t):
        d = z - t
        return torch.where(d.abs() < delta, 0.5 * d * d, delta * (d.abs() - 0.5 * delta)).mean()
    return data


class Huber(unittest.TestCase):
    """Format 1.2's loss "huber" (F.huber_loss, delta 1.0 or the object form's), in the recorder and the exporter."""

    def record_text(self, text):
        return Recorder.record_text(self, text)

    def refused(self, text):
        return Format12.refused(self, text)

    def test_the_recorded_gradients_are_autograds_in_both_regions(self):
        fixture = json.loads(HUBER)
        recorded = self.record_text(HUBER)
        block = json.loads(recorded)["expected"]
        loss, gradients, residuals = huber_by_hand(fixture, 0.5)
        inside = [d for d in residuals if abs(d) < 0.5]
        outside = [d for d in residuals if abs(d) > 0.5]
        self.assertTrue(inside and outside, f"both regions: {residuals}")
        self.assertGreater(min(abs(abs(d) - 0.5) for d in residuals), 1e-2, "no residual near the kink")
        self.assertEqual(gradients, block["gradients"])
        self.assertEqual(loss, block["loss"])
        self.assertEqual("1.2", json.loads(recorded)["version"])
        self.assertEqual(HUBER, without_recording(recorded), "every other byte is kept")
        # torch's formula written out agrees: the recorder took delta 0.5, not torch's default.
        loss_formula, gradients_formula, _ = huber_by_hand(fixture, 0.5, huber_written_out(0.5))
        self.assertAlmostEqual(loss_formula, block["loss"], places=14)
        for name, values in gradients_formula.items():
            for x, y in zip(torch.tensor(values).flatten().tolist(),
                            torch.tensor(block["gradients"][name]).flatten().tolist()):
                self.assertAlmostEqual(x, y, places=14, msg=name)

    def test_huber_as_a_name_is_delta_1_and_each_delta_records_its_own_values(self):
        fixture = json.loads(HUBER)
        losses = {}
        for loss, delta in (("huber", 1.0), ({"name": "huber", "delta": 1.0}, 1.0), ({"name": "huber"}, 1.0),
                            ({"name": "huber", "delta": 0.5}, 0.5), ({"name": "huber", "delta": 2}, 2.0)):
            network = torch_fixture.Network("h.json", dict(fixture, loss=loss))
            self.assertEqual(torch_fixture.Loss("huber", delta), network.loss)
            value, gradients = network.gradients()
            by_hand_loss, by_hand_gradients, _ = huber_by_hand(fixture, delta)
            self.assertEqual((by_hand_loss, by_hand_gradients), (value, gradients), json.dumps(loss))
            losses[delta] = value
        mse = torch_fixture.Network("h.json", dict(fixture, loss="mse")).gradients()[0]
        self.assertEqual(4, len(set(losses.values()) | {mse}), "delta 0.5, 1, 2 and mse: four losses")

    def test_the_object_form_of_an_old_loss_is_its_name(self):
        for name in ("mse", "softmax_cross_entropy"):
            text = HUBER.replace('{"name": "huber", "delta": 0.5}', json.dumps(name))
            if name == "softmax_cross_entropy":
                text = text.replace('[[0.1, -0.9], [1.2, 0.3], [-0.4, 0.05], [0.6, -1.5]]', '[0, 1, 1, 0]')
            as_object = text.replace(json.dumps(name), json.dumps({"name": name}), 1)
            self.assertNotEqual(text, as_object)
            self.assertEqual(json.loads(self.record_text(text))["expected"],
                             json.loads(self.record_text(as_object))["expected"], name)

    def test_training_steps_by_torch_optims_rules_on_the_huber_loss(self):
        fixture = json.loads(HUBER)
        Optimisers.assertEachBlockTrainsByHand(
            self, lambda training: torch_fixture.Network("h.json", dict(fixture, training=training)),
            blocks=Optimisers.BLOCKS[:4])
        # by_hand takes the network's loss, delta 0.5: the same run with delta 1 differs.
        Optimisers.assertLossChangesTheRun(self, "h.json", fixture, "huber",
                                           {"optimizer": "adam", "learningRate": 0.05, "steps": 3})

    def test_refusals(self):
        without_version = HUBER.replace('  "version": "1.2",\n', '')
        cases = [
            (HUBER.replace('{"name": "huber", "delta": 0.5}', '"log_cosh"'),
             'loss "log_cosh" is not built in: pass --loss-function log_cosh=FILE.py:FUNCTION'),
            (HUBER.replace('"name": "huber"', '"name": "smooth_l1"'),
             'loss "smooth_l1" is not built in: pass --loss-function smooth_l1=FILE.py:FUNCTION'),
            (HUBER.replace('{"name": "huber", "delta": 0.5}', '7'),
             "loss: unknown loss 7 (expected one of: softmax_cross_entropy, mse, huber, bce_with_logits, l1)"),
            (HUBER.replace('"name": "huber", ', ''),
             "loss.name: missing (the object form is {\"name\": …, and the loss's options})"),
            (without_version.replace('{"name": "huber", "delta": 0.5}', '"huber"'),
             'loss: \'huber\' needs "version": "1.2"; the fixture has no version'),
            (HUBER.replace('{"name": "huber", "delta": 0.5}', '"huber"').replace('"1.2"', '"1.1"'),
             'loss: \'huber\' needs "version": "1.2"; the fixture says \'1.1\''),
            (without_version, 'loss: an object (a loss with options) needs "version": "1.2"; the fixture has no '
                              'version'),
            (SEED.replace('"softmax_cross_entropy"', '{"name": "softmax_cross_entropy"}'),
             'loss: an object (a loss with options) needs "version": "1.2"; the fixture has no version'),
            (HUBER.replace('"delta": 0.5', '"delta": 0'), "loss.delta: expected a number > 0, got 0"),
            (HUBER.replace('"delta": 0.5', '"delta": -0.5'), "loss.delta: expected a number > 0, got -0.5"),
            (HUBER.replace('"delta": 0.5', '"delta": "0.5"'), 'loss.delta: expected a number > 0, got "0.5"'),
            (HUBER.replace('"delta": 0.5', '"delta": true'), "loss.delta: expected a number > 0, got true"),
            (HUBER.replace('"delta": 0.5', '"delta": null'), "loss.delta: expected a number > 0, got null"),
            (HUBER.replace('"delta": 0.5', '"delta": NaN'), "loss.delta: expected a number > 0, got NaN"),
            (HUBER.replace('"delta": 0.5', '"delta": Infinity'), "loss.delta: expected a number > 0, got Infinity"),
            (HUBER.replace('"delta": 0.5', '"delta": 0.5, "reduction": "sum"'),
             "loss.reduction: not an option of loss 'huber' (its options: delta)"),
            (HUBER.replace('"name": "huber"', '"name": "mse"'),
             "loss.delta: not an option of loss 'mse' (its options: reduction)"),
            (HUBER.replace('"name": "huber", "delta": 0.5', '"name": "softmax_cross_entropy", "delta": 0.5'),
             "loss.delta: not an option of loss 'softmax_cross_entropy' (its options: labelSmoothing, "
             "classWeights)"),
        ]
        for text, message in cases:
            self.assertNotEqual(HUBER, text, message)
            self.assertEqual(message, self.refused(text))

    def test_the_bundled_huber_fixture_has_residuals_in_both_regions_at_every_step(self):
        with open(os.path.join(SUITE, "huber-tanh-adam.json"), encoding="utf-8") as f:
            fixture = json.load(f)
        network = torch_fixture.Network("huber-tanh-adam.json", fixture)
        self.assertEqual(torch_fixture.Loss("huber", 0.5), network.loss)
        model = network.model()
        optimizer = torch_fixture.OPTIMIZERS["adam"][0](model.parameters(), network.training)
        for step in range(network.training["steps"] + 1):
            with torch.no_grad():
                residuals = (model(network.inputs) - network.targets).abs().flatten().tolist()
            self.assertTrue(any(d < 0.5 for d in residuals) and any(d > 0.5 for d in residuals), f"step {step}")
            self.assertGreater(min(abs(d - 0.5) for d in residuals), 1e-3, f"step {step}: a residual at the kink")
            if step < network.training["steps"]:
                optimizer.zero_grad()
                network.total_loss(model).backward()
                optimizer.step()

    @staticmethod
    def model():
        torch.manual_seed(9)
        return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2)).double()

    def test_the_exporter_writes_huber_as_1_2_with_its_delta(self):
        model = self.model()
        torch.manual_seed(10)
        inputs, targets = torch.randn(6, 3, dtype=torch.float64), 2 * torch.randn(6, 2, dtype=torch.float64)
        for delta, loss in ((None, '"huber"'), (1.0, '"huber"'), (1, '"huber"'),
                            (0.5, '{"name": "huber", "delta": 0.5}'), (2, '{"name": "huber", "delta": 2.0}')):
            training = {"optimizer": "adam", "learningRate": 0.05, "steps": 2}
            with tempfile.TemporaryDirectory() as folder:
                path = os.path.join(folder, "h.json")
                text = export_fixture.export(model, inputs, targets, loss="huber", delta=delta, l2=0.05, name="h",
                                             training=training, path=path)
                recorded = record_expected.record(path)
            self.assertIn('{\n  "version": "1.2",\n  "name": "h",\n  "dtype": "float64",\n  "layers": [3, 4, 2],\n'
                          '  "activation": "tanh",\n  "loss": ' + loss + ',\n', text)
            self.assertEqual(text, recorded, "the recorder, from the file alone, gives the same numbers")
            fixture = json.loads(text)
            copy = self.model()
            value = torch.nn.functional.huber_loss(copy(inputs), targets, delta=1.0 if delta is None else delta) + \
                0.025 * ((copy[0].weight ** 2).sum() + (copy[2].weight ** 2).sum())
            value.backward()
            self.assertEqual(copy[0].weight.grad.tolist(), fixture["expected"]["gradients"]["dW1"], str(delta))
            self.assertEqual(value.item(), fixture["expected"]["loss"], str(delta))
        residuals = (model(inputs) - targets).abs().flatten().tolist()
        self.assertTrue(any(d < 0.5 for d in residuals) and any(d > 2 for d in residuals), "both regions")

    def test_the_exporter_refuses_a_bad_delta(self):
        model = self.model()
        cases = [(dict(loss="mse", delta=0.5), "delta: loss 'mse' has no delta (only huber has one)"),
                 (dict(loss="huber", delta=0), "delta: expected a number > 0, got 0"),
                 (dict(loss="huber", delta=-1.0), "delta: expected a number > 0, got -1.0"),
                 (dict(loss="huber", delta=float("nan")), "delta: expected a number > 0, got NaN"),
                 (dict(loss="log_cosh"), "loss: unknown loss 'log_cosh' (expected one of: softmax_cross_entropy, "
                                         "mse, huber, bce_with_logits, l1)")]
        for arguments, message in cases:
            with self.assertRaises(torch_fixture.FixtureError) as refused:
                export_fixture.export(model, torch.zeros(2, 3), torch.zeros(2, 2), l2=0, name="x", **arguments)
            self.assertEqual(message, str(refused.exception))
        with self.assertRaises(torch_fixture.FixtureError) as refused:
            export_fixture.export(model, torch.zeros(2, 3), torch.tensor([0, 1]), loss="huber", l2=0, name="x")
        self.assertEqual("targets: loss huber needs 2×2, got 2", str(refused.exception))

    def test_command_line_delta(self):
        model = self.model()
        with tempfile.TemporaryDirectory() as folder:
            state, data, out = (os.path.join(folder, n) for n in ("m.pt", "d.json", "o.json"))
            torch.save(model.state_dict(), state)
            with open(data, "w") as f:
                json.dump({"inputs": [[1, 2, 3], [0, -1, 0.5]], "targets": [[0.1, 2.0], [-0.3, 0.2]]}, f)
            args = ["--state-dict", state, "--activation", "tanh", "--data", data, "--l2", "0.01", "--name", "cli",
                    "-o", out]
            for extra, loss in ((["--loss", "huber"], "huber"), (["--loss", "huber", "--delta", "1"], "huber"),
                                (["--loss", "huber", "--delta", "0.25"], {"name": "huber", "delta": 0.25})):
                with contextlib.redirect_stdout(io.StringIO()):
                    self.assertEqual(0, export_fixture.main(args + extra))
                with open(out) as f:
                    fixture = json.load(f)
                self.assertEqual(("1.2", loss), (fixture["version"], fixture["loss"]))
            for extra, message in ((["--loss", "mse", "--delta", "0.5"], "delta: loss 'mse' has no delta"),
                                   (["--loss", "huber", "--delta", "-1"], "delta: expected a number > 0, got -1.0"),
                                   (["--loss", "huber", "--delta", "0"], "delta: expected a number > 0, got 0.0")):
                assert_export_refused(self, args + extra, message)


# Format 1.2's bce_with_logits with a posWeight: layers [3, 4, 3], tanh; targets exact 0s and 1s and soft
# values in [0, 1].
BCE = """{
  "version": "1.2",
  "name": "bce",
  "dtype": "float64",
  "layers": [3, 4, 3],
  "activation": "tanh",
  "loss": {"name": "bce_with_logits", "posWeight": [1.5, 0.5, 3.0]},
  "l2": 0.1,
  "inputs": [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [-0.5, 1.25, 0.5], [0.2, 0.4, -1.2]],
  "targets": [[1, 0, 0.3], [0, 0.75, 1], [0.5, 1, 0], [0.2, 0, 1]],
  "params": {
    "W1": [[0.3, -0.2, 0.4], [-0.5, 0.1, 0.2], [0.25, 0.6, -0.3], [0.7, -0.4, 0.1]],
    "b1": [0.1, -0.2, 0.05, 0.3],
    "W2": [[0.5, -0.3, 0.2, 0.4], [-0.2, 0.6, -0.4, 0.1], [0.3, 0.1, -0.5, -0.6]],
    "b2": [0.2, -0.1, 0.15]
  }
}
"""

# Format 1.2's mse with reduction sum: HUBER's network and data.
MSE_SUM = HUBER.replace('{"name": "huber", "delta": 0.5}', '{"name": "mse", "reduction": "sum"}')


def by_autograd(fixture, data, dtype=torch.float64):
    """A fixture's two-layer tanh network written out with torch.nn in `dtype`, the loss data(z_L, t) plus the
    L2 term (its factor in the dtype): (loss, gradients, outputs z_L) by autograd."""
    params = fixture["params"]
    layers = fixture["layers"]
    linear1 = torch.nn.Linear(layers[0], layers[1], dtype=dtype)
    linear2 = torch.nn.Linear(layers[1], layers[2], dtype=dtype)
    with torch.no_grad():
        for linear, l in ((linear1, 1), (linear2, 2)):
            linear.weight.copy_(torch.tensor(params[f"W{l}"], dtype=torch.float64).to(dtype))
            linear.bias.copy_(torch.tensor(params[f"b{l}"], dtype=torch.float64).to(dtype))
    inputs = torch.tensor(fixture["inputs"], dtype=torch.float64).to(dtype)
    targets = torch.tensor(fixture["targets"], dtype=torch.float64).to(dtype)
    output = linear2(torch.tanh(linear1(inputs)))
    factor = torch.tensor(0.5 * fixture["l2"], dtype=torch.float64).to(dtype)
    loss = data(output, targets) + ((linear1.weight ** 2).sum() + (linear2.weight ** 2).sum()) * factor
    loss.backward()
    return loss.item(), {"dW1": linear1.weight.grad.tolist(), "db1": linear1.bias.grad.tolist(),
                         "dW2": linear2.weight.grad.tolist(), "db2": linear2.bias.grad.tolist()}, output.detach()


def bce_written_out(pos_weight):
    """torch's documented binary cross-entropy on logits, -(p·t·log σ(z) + (1 - t)·log(1 - σ(z))), the mean
    over every element: without F.binary_cross_entropy_with_logits."""
    def data(z, t):
        p = torch.ones(z.shape[1], dtype=z.dtype) if pos_weight is None else torch.tensor(pos_weight, dtype=z.dtype)
        return -(p * t * torch.nn.functional.logsigmoid(z) + (1 - t) * torch.nn.functional.logsigmoid(-z)).mean()
    return data


def flat_values(values):
    return torch.tensor(values, dtype=torch.float64).flatten().tolist()


class BinaryCrossEntropy(unittest.TestCase):
    """Format 1.2's loss "bce_with_logits" (F.binary_cross_entropy_with_logits, pos_weight from "posWeight"),
    in the recorder and the exporter."""

    def record_text(self, text):
        return Recorder.record_text(self, text)

    def refused(self, text):
        return Format12.refused(self, text)

    def assertAllClose(self, expected, actual, places=14):
        for name in expected:
            for x, y in zip(flat_values(expected[name]), flat_values(actual[name])):
                self.assertAlmostEqual(x, y, places=places, msg=name)

    def test_the_recorded_gradients_are_autograds(self):
        fixture = json.loads(BCE)
        recorded = self.record_text(BCE)
        block = json.loads(recorded)["expected"]
        pos_weight = torch.tensor([1.5, 0.5, 3.0], dtype=torch.float64)
        loss, gradients, output = by_autograd(
            fixture, lambda z, t: torch.nn.functional.binary_cross_entropy_with_logits(z, t, pos_weight=pos_weight))
        self.assertEqual(gradients, block["gradients"])
        self.assertEqual(loss, block["loss"])
        self.assertEqual("1.2", json.loads(recorded)["version"])
        self.assertEqual(BCE, without_recording(recorded), "every other byte is kept")
        self.assertLess(output.abs().max().item(), 4)
        # torch's formula written out agrees: the recorder took the pos_weight, the mean over all N·C elements.
        loss_formula, gradients_formula, _ = by_autograd(fixture, bce_written_out([1.5, 0.5, 3.0]))
        self.assertAlmostEqual(loss_formula, block["loss"], places=14)
        self.assertAllClose(gradients_formula, block["gradients"])
        # dz_L = ((p·t + 1 - t)·σ(z) - p·t) / (N·C), torch's backward, for the output layer's bias.
        t = torch.tensor(fixture["targets"], dtype=torch.float64)
        dz = ((pos_weight * t + 1 - t) * torch.sigmoid(output) - pos_weight * t) / t.numel()
        for x, y in zip(dz.sum(0).tolist(), block["gradients"]["db2"]):
            self.assertAlmostEqual(x, y, places=15)

    def test_the_name_is_no_pos_weight_and_each_pos_weight_records_its_own_values(self):
        fixture = json.loads(BCE)
        losses = {}
        for loss, pos_weight in (("bce_with_logits", None), ({"name": "bce_with_logits"}, None),
                                 ({"name": "bce_with_logits", "posWeight": [1, 1, 1]}, [1, 1, 1]),
                                 ({"name": "bce_with_logits", "posWeight": [1.5, 0.5, 3.0]}, [1.5, 0.5, 3.0]),
                                 ({"name": "bce_with_logits", "posWeight": [0, 2, 0.25]}, [0, 2, 0.25])):
            network = torch_fixture.Network("b.json", dict(fixture, loss=loss))
            self.assertEqual(torch_fixture.Loss("bce_with_logits", pos_weight=pos_weight), network.loss)
            written = "bce_with_logits" if pos_weight is None else {"name": "bce_with_logits", "posWeight": pos_weight}
            self.assertEqual(written, network.loss.fixture_value())
            value, gradients = network.gradients()
            weights = None if pos_weight is None else torch.tensor(pos_weight, dtype=torch.float64)
            by_hand_loss, by_hand_gradients, _ = by_autograd(
                fixture, lambda z, t: torch.nn.functional.binary_cross_entropy_with_logits(z, t, pos_weight=weights))
            self.assertEqual((by_hand_loss, by_hand_gradients), (value, gradients), json.dumps(loss))
            written_loss, written_gradients, _ = by_autograd(fixture, bce_written_out(pos_weight))
            self.assertAlmostEqual(written_loss, value, places=14)
            self.assertAllClose(written_gradients, gradients)
            losses[json.dumps(pos_weight)] = value
        self.assertAlmostEqual(losses["null"], losses["[1, 1, 1]"], places=15, msg="pos_weight 1 is none")
        self.assertEqual(3, len({round(v, 12) for v in losses.values()}), "none, [1.5, 0.5, 3], [0, 2, 0.25]")

    def test_float32_takes_the_pos_weight_in_float32(self):
        fixture = json.loads(BCE)
        fixture.update(dtype="float32", loss={"name": "bce_with_logits", "posWeight": [0.1, 2.0, 1.3]})
        value, gradients = torch_fixture.Network("b.json", fixture).gradients()
        weights = torch.tensor([0.1, 2.0, 1.3], dtype=torch.float32)
        by_hand_loss, by_hand_gradients, _ = by_autograd(
            fixture, lambda z, t: torch.nn.functional.binary_cross_entropy_with_logits(z, t, pos_weight=weights),
            torch.float32)
        self.assertEqual((by_hand_loss, by_hand_gradients), (value, gradients))
        self.assertEqual(value, float(torch.tensor(value, dtype=torch.float32)), "a float32 value")

    def test_init_draws_the_targets_as_mse_does_then_maps_them_to_the_unit_interval(self):
        # The same stream as mse's: W1, b1, W2, b2, the inputs, then samples×C symmetric draws u, each
        # target (u + 1) / 2 in double.
        generated = dict(json.loads(GENERATED), version="1.2")
        mse = torch_fixture.Network("g.json", dict(generated, loss="mse"))
        bce = torch_fixture.Network("g.json", dict(generated, loss="bce_with_logits"))
        self.assertEqual(mse.params, bce.params)
        self.assertEqual(mse.inputs.tolist(), bce.inputs.tolist())
        self.assertEqual([[(u + 1.0) / 2.0 for u in row] for row in mse.targets.tolist()], bce.targets.tolist())
        random = torch_fixture.SplitMix64(11)
        for _ in range(3 * 4 + 4 + 4 * 2 + 2 + 7 * 3):
            random.symmetric(1.0)
        self.assertEqual((random.symmetric(1.0) + 1) / 2, bce.targets[0][0].item())
        values = bce.targets.flatten().tolist()
        self.assertTrue(all(0 <= t <= 1 for t in values) and min(values) < 0.2 and max(values) > 0.8, values)
        self.assertEqual(bce.gradients()[1], torch_fixture.Network("g.json", dict(
            generated, loss="bce_with_logits", targets=bce.targets.tolist())).gradients()[1])

    def test_training_steps_by_torch_optims_rules_on_the_bce_loss(self):
        fixture = json.loads(BCE)
        Optimisers.assertEachBlockTrainsByHand(
            self, lambda training: torch_fixture.Network("b.json", dict(fixture, training=training)))
        Optimisers.assertLossChangesTheRun(self, "b.json", fixture, "bce_with_logits",
                                           {"optimizer": "adam", "learningRate": 0.05, "steps": 3})

    def test_refusals(self):
        without_version = BCE.replace('  "version": "1.2",\n', '')
        weights = '"posWeight": [1.5, 0.5, 3.0]'
        cases = [
            (without_version.replace('{"name": "bce_with_logits", ' + weights + '}', '"bce_with_logits"'),
             'loss: \'bce_with_logits\' needs "version": "1.2"; the fixture has no version'),
            (BCE.replace('{"name": "bce_with_logits", ' + weights + '}', '"bce_with_logits"').replace(
                '"1.2"', '"1.1"'), 'loss: \'bce_with_logits\' needs "version": "1.2"; the fixture says \'1.1\''),
            (without_version, 'loss: an object (a loss with options) needs "version": "1.2"; the fixture has no '
                              'version'),
            (BCE.replace("[0, 0.75, 1]", "[0, 0.75, 1.5]"),
             "targets[1][2]: loss bce_with_logits needs a value in [0, 1] (a probability), got 1.5"),
            (BCE.replace("[0.2, 0, 1]", "[0.2, -0.25, 1]"),
             "targets[3][1]: loss bce_with_logits needs a value in [0, 1] (a probability), got -0.25"),
            (BCE.replace("[0.5, 1, 0]", '[0.5, "1", 0]'), 'targets[2][1]: expected a finite number, got "1"'),
            (BCE.replace("[0.5, 1, 0]", "[0.5, NaN, 0]"), "targets[2][1]: expected a finite number, got NaN"),
            (BCE.replace("[[1, 0, 0.3], [0, 0.75, 1], [0.5, 1, 0], [0.2, 0, 1]]", "[0, 1, 2, 1]"),
             "targets[0]: loss bce_with_logits needs 3 values (layers [3, 4, 3]: one per output), got 0"),
            (BCE.replace("[0.5, 1, 0]", "[0.5, 1]"),
             "targets[2]: loss bce_with_logits needs 3 values (layers [3, 4, 3]: one per output), got 2 values"),
            (BCE.replace(", [0.2, 0, 1]]", "]"),
             "targets: loss bce_with_logits needs 4×3 (one row per sample), got 3 rows"),
            (BCE.replace(weights, '"posWeight": [1.5, 0.5]'),
             "loss.posWeight: 2 values for 3 outputs (layers [3, 4, 3]: one per output)"),
            (BCE.replace(weights, '"posWeight": [1.5, 0.5, 3.0, 1.0]'),
             "loss.posWeight: 4 values for 3 outputs (layers [3, 4, 3]: one per output)"),
            (BCE.replace(weights, '"posWeight": [1.5, -0.5, 3.0]'),
             "loss.posWeight[1]: expected a finite number >= 0, got -0.5"),
            (BCE.replace(weights, '"posWeight": [1.5, 0.5, Infinity]'),
             "loss.posWeight[2]: expected a finite number >= 0, got Infinity"),
            (BCE.replace(weights, '"posWeight": [true, 0.5, 3.0]'),
             "loss.posWeight[0]: expected a finite number >= 0, got true"),
            (BCE.replace(weights, '"posWeight": 2.0'),
             "loss.posWeight: expected a list of one number >= 0 per output, got 2.0"),
            (BCE.replace(weights, '"posWeight": null'),
             "loss.posWeight: expected a list of one number >= 0 per output, got null"),
            (BCE.replace(weights, '"pos_weight": [1.5, 0.5, 3.0]'),
             "loss.pos_weight: not an option of loss 'bce_with_logits' (its options: posWeight)"),
            (BCE.replace(weights, '"reduction": "sum"'),
             "loss.reduction: not an option of loss 'bce_with_logits' (its options: posWeight)"),
            (BCE.replace('"name": "bce_with_logits"', '"name": "binary_cross_entropy"'),
             'loss "binary_cross_entropy" is not built in: pass --loss-function '
             'binary_cross_entropy=FILE.py:FUNCTION'),
        ]
        for text, message in cases:
            self.assertNotEqual(BCE, text, message)
            self.assertEqual(message, self.refused(text))

    @staticmethod
    def model(dtype=torch.float64):
        torch.manual_seed(12)
        return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 3)).to(dtype)

    def test_the_exporter_writes_bce_as_1_2_with_its_pos_weight(self):
        model = self.model()
        torch.manual_seed(13)
        inputs = torch.randn(6, 3, dtype=torch.float64)
        targets = torch.tensor([[1, 0, 0.3], [0, 0.75, 1], [0.5, 1, 0], [0.2, 0, 1], [1, 1, 0.9], [0, 0.1, 0]],
                               dtype=torch.float64)
        for pos_weight, loss in ((None, '"bce_with_logits"'),
                                 ([1.5, 0.5, 3], '{"name": "bce_with_logits", "posWeight": [1.5, 0.5, 3.0]}'),
                                 (torch.tensor([2.0, 0.0, 1.0]),
                                  '{"name": "bce_with_logits", "posWeight": [2.0, 0.0, 1.0]}')):
            training = {"optimizer": "adam", "learningRate": 0.05, "steps": 2}
            with tempfile.TemporaryDirectory() as folder:
                path = os.path.join(folder, "b.json")
                text = export_fixture.export(model, inputs, targets, loss="bce_with_logits", pos_weight=pos_weight,
                                             l2=0.05, name="b", training=training, path=path)
                recorded = record_expected.record(path)
            self.assertIn('{\n  "version": "1.2",\n  "name": "b",\n  "dtype": "float64",\n  "layers": [3, 4, 3],\n'
                          '  "activation": "tanh",\n  "loss": ' + loss + ',\n', text)
            self.assertEqual(text, recorded, "the recorder, from the file alone, gives the same numbers")
            fixture = json.loads(text)
            copy = self.model()
            weights = None if pos_weight is None else torch.as_tensor(pos_weight, dtype=torch.float64)
            value = torch.nn.functional.binary_cross_entropy_with_logits(copy(inputs), targets, pos_weight=weights) + \
                0.025 * ((copy[0].weight ** 2).sum() + (copy[2].weight ** 2).sum())
            value.backward()
            self.assertEqual(copy[0].weight.grad.tolist(), fixture["expected"]["gradients"]["dW1"], str(pos_weight))
            self.assertEqual(copy[2].bias.grad.tolist(), fixture["expected"]["gradients"]["db2"], str(pos_weight))
            self.assertEqual(value.item(), fixture["expected"]["loss"], str(pos_weight))

    def test_the_exporter_writes_a_float32_pos_weight_as_float32_values(self):
        model = self.model(torch.float32)
        targets = [[1, 0, 0.25], [0, 0.75, 1]]
        text = export_fixture.export(model, torch.ones(2, 3), targets, loss="bce_with_logits", pos_weight=[0.1, 2, 1],
                                     l2=0.01, name="f")
        fixture = json.loads(text)
        self.assertEqual({"name": "bce_with_logits", "posWeight": [float(torch.tensor(0.1, dtype=torch.float32)),
                                                                   2.0, 1.0]}, fixture["loss"])
        self.assertEqual(fixture["expected"], torch_fixture.Network("f.json", fixture).expected())

    def test_the_exporter_refuses_what_bce_cannot_take(self):
        model = self.model()
        good = [[1, 0, 0.25], [0, 0.75, 1]]
        cases = [(dict(loss="bce_with_logits", pos_weight=[1, 2]),
                  "pos_weight: 2 values for 3 outputs (layers [3, 4, 3]: one per output)"),
                 (dict(loss="bce_with_logits", pos_weight=[1, -2, 1]),
                  "pos_weight[1]: expected a finite number >= 0, got -2"),
                 (dict(loss="bce_with_logits", pos_weight=torch.ones(1, 3)),
                  "pos_weight: expected one value per output, got a tensor of shape 1×3"),
                 (dict(loss="mse", pos_weight=[1, 1, 1]),
                  "pos_weight: loss 'mse' has no pos_weight (only bce_with_logits has one)"),
                 (dict(loss="bce_with_logits", reduction="sum"),
                  "reduction: loss 'bce_with_logits' has no reduction (only mse has one)"),
                 (dict(loss="bce_with_logits", delta=0.5),
                  "delta: loss 'bce_with_logits' has no delta (only huber has one)"),
                 (dict(loss="bce_with_logits", targets=[[1, 0, 0.25], [0, 1.25, 1]]),
                  "targets[1][1]: loss bce_with_logits needs a value in [0, 1] (a probability), got 1.25"),
                 (dict(loss="bce_with_logits", targets=[0, 1]), "targets: loss bce_with_logits needs 2×3, got 2")]
        for arguments, message in cases:
            arguments = dict(dict(targets=good), **arguments)
            with self.assertRaises(torch_fixture.FixtureError) as refused:
                export_fixture.export(model, torch.zeros(2, 3), l2=0, name="x", **arguments)
            self.assertEqual(message, str(refused.exception))

    def test_command_line_pos_weight(self):
        model = self.model()
        with tempfile.TemporaryDirectory() as folder:
            state, data, out = (os.path.join(folder, n) for n in ("m.pt", "d.json", "o.json"))
            torch.save(model.state_dict(), state)
            with open(data, "w") as f:
                json.dump({"inputs": [[1, 2, 3], [0, -1, 0.5]], "targets": [[1, 0, 0.4], [0, 0.5, 1]]}, f)
            args = ["--state-dict", state, "--activation", "tanh", "--data", data, "--l2", "0.01", "--name", "cli",
                    "-o", out]
            for extra, loss in ((["--loss", "bce_with_logits"], "bce_with_logits"),
                                (["--loss", "bce_with_logits", "--pos-weight", "1,2.5,0"],
                                 {"name": "bce_with_logits", "posWeight": [1.0, 2.5, 0.0]})):
                with contextlib.redirect_stdout(io.StringIO()):
                    self.assertEqual(0, export_fixture.main(args + extra))
                with open(out) as f:
                    fixture = json.load(f)
                self.assertEqual(("1.2", loss), (fixture["version"], fixture["loss"]))
            for extra, message in ((["--loss", "mse", "--pos-weight", "1,1,1"],
                                    "pos_weight: loss 'mse' has no pos_weight"),
                                   (["--loss", "bce_with_logits", "--pos-weight", "1,x,1"],
                                    "--pos-weight: expected numbers, comma-separated, got '1,x,1'"),
                                   (["--loss", "bce_with_logits", "--pos-weight", "1,1"],
                                    "pos_weight: 2 values for 3 outputs"),
                                   (["--loss", "bce_with_logits", "--pos-weight", "1,-1,1"],
                                    "pos_weight[1]: expected a finite number >= 0, got -1.0")):
                assert_export_refused(self, args + extra, message)

    def test_the_bundled_bce_fixtures_are_not_degenerate(self):
        for name, pos_weight in (("bce-multilabel-softplus", (1.0, 2.0, 0.5, 3.0)), ("bce-float32", None)):
            with open(os.path.join(SUITE, name + ".json"), encoding="utf-8") as f:
                fixture = json.load(f)
            self.assertEqual(name, fixture["name"])
            network = torch_fixture.Network(name + ".json", fixture)
            self.assertEqual(torch_fixture.Loss("bce_with_logits", pos_weight=pos_weight), network.loss)
            for column in zip(*fixture["targets"]):
                self.assertIn(0, column, name)
                self.assertIn(1, column, name)
                self.assertTrue(any(0 < t < 1 for t in column), name)
            assert_not_degenerate(self, network)


def assert_not_degenerate(test, network):
    """|z_L| < 4 everywhere at every step, and no gradient tensor vanishing."""
    model = network.model()
    training = network.training
    steps = training["steps"] if training else 0
    optimizer = torch_fixture.OPTIMIZERS[training["optimizer"]][0](model.parameters(), training) if training else None
    for step in range(steps + 1):
        with torch.no_grad():
            test.assertLess(model(network.inputs).abs().max().item(), 4, f"{network.source}: step {step}")
        model.zero_grad()
        network.total_loss(model).backward()
        for name, parameter in torch_fixture.named_parameters(model):
            test.assertGreater(parameter.grad.abs().max().item(), 1e-2, f"{network.source}: d{name} at step {step}")
        if step < steps:
            optimizer.step()


class MseReduction(unittest.TestCase):
    """Format 1.2's {"name": "mse", "reduction": "sum"} (F.mse_loss(reduction="sum")), in the recorder and the
    exporter."""

    def record_text(self, text):
        return Recorder.record_text(self, text)

    def refused(self, text):
        return Format12.refused(self, text)

    def test_the_recorded_gradients_are_autograds(self):
        fixture = json.loads(MSE_SUM)
        recorded = self.record_text(MSE_SUM)
        block = json.loads(recorded)["expected"]
        loss, gradients, _ = by_autograd(fixture, lambda z, t: torch.nn.functional.mse_loss(z, t, reduction="sum"))
        self.assertEqual(gradients, block["gradients"])
        self.assertEqual(loss, block["loss"])
        self.assertEqual("1.2", json.loads(recorded)["version"])
        self.assertEqual(MSE_SUM, without_recording(recorded), "every other byte is kept")
        written_loss, written_gradients, _ = by_autograd(fixture, lambda z, t: ((z - t) ** 2).sum())
        self.assertAlmostEqual(written_loss, loss, places=13)
        BinaryCrossEntropy.assertAllClose(self, written_gradients, gradients)

    def test_mean_is_the_name_and_sum_is_not(self):
        fixture = json.loads(MSE_SUM)
        values = {}
        for loss, reduction in (("mse", "mean"), ({"name": "mse"}, "mean"), ({"name": "mse", "reduction": "mean"},
                                                                               "mean"),
                                ({"name": "mse", "reduction": "sum"}, "sum")):
            network = torch_fixture.Network("m.json", dict(fixture, loss=loss))
            self.assertEqual(torch_fixture.Loss("mse", reduction=reduction), network.loss)
            self.assertEqual("mse" if reduction == "mean" else {"name": "mse", "reduction": "sum"},
                             network.loss.fixture_value())
            values.setdefault(reduction, set()).add(json.dumps(network.gradients()))
        self.assertEqual(1, len(values["mean"]), "every spelling of mean records the same values")
        mean, _, _ = by_autograd(fixture, lambda z, t: torch.nn.functional.mse_loss(z, t))
        self.assertEqual(mean, json.loads(values["mean"].pop())[0])
        self.assertNotEqual(values["sum"], values.get("mean"))

    def test_training_steps_by_torch_optims_rules_on_the_summed_loss(self):
        # A mini-batch's loss is the sum over its rows' elements; the losses, over all N samples.
        fixture = json.loads(MSE_SUM)
        Optimisers.assertEachBlockTrainsByHand(
            self, lambda training: torch_fixture.Network("m.json", dict(fixture, training=training)))
        Optimisers.assertLossChangesTheRun(self, "m.json", fixture, "mse",
                                           {"optimizer": "sgd", "learningRate": 0.05, "steps": 3, "batchSize": 2})

    def test_refusals(self):
        reduction = '"reduction": "sum"'
        cases = [
            (MSE_SUM.replace('  "version": "1.2",\n', ''),
             'loss: an object (a loss with options) needs "version": "1.2"; the fixture has no version'),
            (MSE_SUM.replace(reduction, '"reduction": "none"'), 'loss.reduction: expected "mean" or "sum", got "none"'),
            (MSE_SUM.replace(reduction, '"reduction": "SUM"'), 'loss.reduction: expected "mean" or "sum", got "SUM"'),
            (MSE_SUM.replace(reduction, '"reduction": 1'), 'loss.reduction: expected "mean" or "sum", got 1'),
            (MSE_SUM.replace(reduction, '"reduction": null'), 'loss.reduction: expected "mean" or "sum", got null'),
            (MSE_SUM.replace(reduction, '"posWeight": [1, 1]'),
             "loss.posWeight: not an option of loss 'mse' (its options: reduction)"),
            (HUBER.replace('"delta": 0.5', '"reduction": "sum"'),
             "loss.reduction: not an option of loss 'huber' (its options: delta)"),
            (SEED.replace('"softmax_cross_entropy"', '{"name": "softmax_cross_entropy", "reduction": "sum"}').replace(
                '{\n', '{\n  "version": "1.2",\n', 1),
             "loss.reduction: not an option of loss 'softmax_cross_entropy' (its options: labelSmoothing, "
             "classWeights)"),
            (MSE_SUM.replace("[0.6, -1.5]]", "[0.6]]"),
             "targets[3]: loss mse needs 2 values (layers [3, 4, 2]: one per output), got 1 values"),
        ]
        for text, message in cases:
            self.assertNotEqual(MSE_SUM, text, message)
            self.assertEqual(message, self.refused(text))

    def test_the_exporter_writes_the_reduction_sum_as_1_2(self):
        model = Huber.model()
        torch.manual_seed(14)
        inputs, targets = torch.randn(6, 3, dtype=torch.float64), torch.randn(6, 2, dtype=torch.float64)
        for reduction, version, loss in ((None, "1.1", '"mse"'), ("mean", "1.1", '"mse"'),
                                         ("sum", "1.2", '{"name": "mse", "reduction": "sum"}')):
            training = {"optimizer": "sgd", "learningRate": 0.05, "steps": 2, "batchSize": 4}
            with tempfile.TemporaryDirectory() as folder:
                path = os.path.join(folder, "m.json")
                text = export_fixture.export(model, inputs, targets, loss="mse", reduction=reduction, l2=0.05,
                                             name="m", training=training, path=path)
                recorded = record_expected.record(path)
            self.assertIn('{\n  "version": "' + version + '",\n  "name": "m",\n  "dtype": "float64",\n'
                          '  "layers": [3, 4, 2],\n  "activation": "tanh",\n  "loss": ' + loss + ',\n', text)
            self.assertEqual(text, recorded, "the recorder, from the file alone, gives the same numbers")
            fixture = json.loads(text)
            copy = Huber.model()
            value = torch.nn.functional.mse_loss(copy(inputs), targets, reduction=reduction or "mean") + \
                0.025 * ((copy[0].weight ** 2).sum() + (copy[2].weight ** 2).sum())
            value.backward()
            self.assertEqual(copy[0].weight.grad.tolist(), fixture["expected"]["gradients"]["dW1"], str(reduction))
            self.assertEqual(value.item(), fixture["expected"]["loss"], str(reduction))
        for arguments, message in ((dict(loss="mse", reduction="none"),
                                    'reduction: expected "mean" or "sum", got "none"'),
                                   (dict(loss="huber", reduction="sum"),
                                    "reduction: loss 'huber' has no reduction (only mse has one)")):
            with self.assertRaises(torch_fixture.FixtureError) as refused:
                export_fixture.export(model, inputs, targets, l2=0, name="x", **arguments)
            self.assertEqual(message, str(refused.exception))

    def test_command_line_reduction(self):
        model = Huber.model()
        with tempfile.TemporaryDirectory() as folder:
            state, data, out = (os.path.join(folder, n) for n in ("m.pt", "d.json", "o.json"))
            torch.save(model.state_dict(), state)
            with open(data, "w") as f:
                json.dump({"inputs": [[1, 2, 3], [0, -1, 0.5]], "targets": [[0.1, 2.0], [-0.3, 0.2]]}, f)
            args = ["--state-dict", state, "--activation", "tanh", "--data", data, "--l2", "0.01", "--name", "cli",
                    "-o", out]
            for extra, version, loss in ((["--loss", "mse", "--reduction", "mean"], "1.1", "mse"),
                                         (["--loss", "mse", "--reduction", "sum"], "1.2",
                                          {"name": "mse", "reduction": "sum"})):
                with contextlib.redirect_stdout(io.StringIO()):
                    self.assertEqual(0, export_fixture.main(args + extra))
                with open(out) as f:
                    fixture = json.load(f)
                self.assertEqual((version, loss), (fixture["version"], fixture["loss"]))
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                self.assertEqual(2, export_fixture.main(args + ["--loss", "huber", "--reduction", "sum"]))
            self.assertEqual("export-fixture: reduction: loss 'huber' has no reduction (only mse has one)\n",
                             err.getvalue())

    def test_the_bundled_mse_sum_fixture_is_not_degenerate(self):
        with open(os.path.join(SUITE, "mse-sum-sigmoid.json"), encoding="utf-8") as f:
            fixture = json.load(f)
        self.assertEqual("mse-sum-sigmoid", fixture["name"])
        network = torch_fixture.Network("mse-sum-sigmoid.json", fixture)
        self.assertEqual(torch_fixture.Loss("mse", reduction="sum"), network.loss)
        assert_not_degenerate(self, network)


# Format 1.2's l1 loss: HUBER's network and data (no residual within 0.01 of 0).
L1 = HUBER.replace('{"name": "huber", "delta": 0.5}', '"l1"')


def l1_written_out(z, t):
    """The mean over every element of |z - t|, by Tensor.abs: without F.l1_loss."""
    return (z - t).abs().mean()


class L1Loss(unittest.TestCase):
    """Format 1.2's loss "l1" (F.l1_loss, the mean of |z_L - t| over all N·D_out elements), in the recorder and
    the exporter."""

    def record_text(self, text):
        return Recorder.record_text(self, text)

    def refused(self, text):
        return Format12.refused(self, text)

    def test_the_recorded_loss_and_gradients_are_torchs_and_the_formulas(self):
        fixture = json.loads(L1)
        recorded = self.record_text(L1)
        block = json.loads(recorded)["expected"]
        loss, gradients, output = by_autograd(fixture, torch.nn.functional.l1_loss)
        self.assertEqual(gradients, block["gradients"])
        self.assertEqual(loss, block["loss"])
        self.assertEqual("1.2", json.loads(recorded)["version"])
        self.assertEqual(L1, without_recording(recorded), "every other byte is kept")
        targets = torch.tensor(fixture["targets"], dtype=torch.float64)
        residuals = output - targets
        self.assertGreater(residuals.abs().min().item(), 1e-2, "no residual at the kink")
        self.assertTrue((residuals > 0).any() and (residuals < 0).any(), "residuals of both signs")
        # In float64, by the formulas: J = mean |d| + 0.5·l2·Σ‖W‖², dJ/dz = sign(d) / (N·C),
        # db2 = Σ_n dJ/dz_n.
        params = fixture["params"]
        penalty = 0.5 * fixture["l2"] * sum(w * w for l in (1, 2) for row in params[f"W{l}"] for w in row)
        d = residuals.flatten().tolist()
        self.assertAlmostEqual(sum(abs(x) for x in d) / len(d) + penalty, block["loss"], places=14)
        sign = [[(x > 0) - (x < 0) for x in row] for row in residuals.tolist()]
        for j in range(2):
            self.assertAlmostEqual(sum(row[j] for row in sign) / len(d), block["gradients"]["db2"][j], places=15)
        written_loss, written_gradients, _ = by_autograd(fixture, l1_written_out)
        self.assertAlmostEqual(written_loss, block["loss"], places=14)
        BinaryCrossEntropy.assertAllClose(self, written_gradients, block["gradients"])

    def test_a_residual_exactly_0_has_gradient_0(self):
        # torch: d|d|/dd at 0 is sign(0) = 0. Target t[1][0] set to z_L[1][0] itself: that element adds nothing.
        fixture = json.loads(L1)
        _, _, output = by_autograd(fixture, torch.nn.functional.l1_loss)
        fixture["targets"][1][0] = output[1][0].item()
        fixture = json.loads(json.dumps(fixture))  # as the file would hold it: the double written out and read back
        _, gradients = torch_fixture.Network("l.json", fixture).gradients()
        _, _, output = by_autograd(fixture, torch.nn.functional.l1_loss)
        residuals = (output - torch.tensor(fixture["targets"], dtype=torch.float64)).tolist()
        self.assertEqual(0.0, residuals[1][0])
        sign = [[(x > 0) - (x < 0) for x in row] for row in residuals]
        self.assertEqual(0, sign[1][0])
        n = 8
        self.assertAlmostEqual(sum(row[0] for row in sign) / n, gradients["db2"][0], places=15)
        for other in (1, -1):  # a subgradient other than torch's would move db2[0] by 1/(N·C)
            self.assertGreater(abs((sum(row[0] for row in sign) + other) / n - gradients["db2"][0]), 0.1)

    def test_training_steps_by_torch_optims_rules_on_the_l1_loss(self):
        fixture = json.loads(L1)
        Optimisers.assertEachBlockTrainsByHand(
            self, lambda training: torch_fixture.Network("l.json", dict(fixture, training=training)))

    def test_refusals(self):
        cases = [
            (L1.replace('  "version": "1.2",\n', ''),
             'loss: \'l1\' needs "version": "1.2"; the fixture has no version'),
            (L1.replace('"l1"', '{"name": "l1", "delta": 0.5}'),
             "loss.delta: not an option of loss 'l1' (it has none)"),
            (L1.replace("[[0.1, -0.9], [1.2, 0.3], [-0.4, 0.05], [0.6, -1.5]]", "[0, 1, 1, 0]"),
             "targets[0]: loss l1 needs 2 values (layers [3, 4, 2]: one per output), got 0"),
        ]
        for text, message in cases:
            self.assertNotEqual(L1, text, message)
            self.assertEqual(message, self.refused(text))

    def test_the_exporter_writes_l1_as_1_2(self):
        model = Huber.model()
        torch.manual_seed(15)
        inputs, targets = torch.randn(6, 3, dtype=torch.float64), torch.randn(6, 2, dtype=torch.float64)
        training = {"optimizer": "sgd", "learningRate": 0.05, "steps": 3}
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "l.json")
            text = export_fixture.export(model, inputs, targets, loss="l1", l2=0.05, name="l", training=training,
                                         path=path)
            recorded = record_expected.record(path)
        self.assertIn('{\n  "version": "1.2",\n  "name": "l",\n  "dtype": "float64",\n  "layers": [3, 4, 2],\n'
                      '  "activation": "tanh",\n  "loss": "l1",\n', text)
        self.assertEqual(text, recorded, "the recorder, from the file alone, gives the same numbers")
        fixture = json.loads(text)
        copy = Huber.model()
        value = torch.nn.functional.l1_loss(copy(inputs), targets) + \
            0.025 * ((copy[0].weight ** 2).sum() + (copy[2].weight ** 2).sum())
        value.backward()
        self.assertEqual(copy[0].weight.grad.tolist(), fixture["expected"]["gradients"]["dW1"])
        self.assertEqual(copy[2].bias.grad.tolist(), fixture["expected"]["gradients"]["db2"])
        self.assertEqual(value.item(), fixture["expected"]["loss"])
        self.assertEqual(4, len(fixture["expected"]["losses"]))
        for arguments, message in ((dict(delta=0.5), "delta: loss 'l1' has no delta (only huber has one)"),
                                   (dict(label_smoothing=0.1), "label_smoothing: loss 'l1' has no label_smoothing "
                                                               "(only softmax_cross_entropy has one)")):
            with self.assertRaises(torch_fixture.FixtureError) as refused:
                export_fixture.export(model, inputs, targets, loss="l1", l2=0, name="x", **arguments)
            self.assertEqual(message, str(refused.exception))

    def test_command_line_l1(self):
        model = Huber.model()
        with tempfile.TemporaryDirectory() as folder:
            state, data, out = (os.path.join(folder, n) for n in ("m.pt", "d.json", "o.json"))
            torch.save(model.state_dict(), state)
            with open(data, "w") as f:
                json.dump({"inputs": [[1, 2, 3], [0, -1, 0.5]], "targets": [[0.1, 2.0], [-0.3, 0.2]]}, f)
            args = ["--state-dict", state, "--activation", "tanh", "--data", data, "--l2", "0.01", "--name", "cli",
                    "-o", out]
            with contextlib.redirect_stdout(io.StringIO()):
                self.assertEqual(0, export_fixture.main(args + ["--loss", "l1"]))
            with open(out) as f:
                fixture = json.load(f)
            self.assertEqual(("1.2", "l1"), (fixture["version"], fixture["loss"]))
            self.assertEqual(fixture["expected"], torch_fixture.Network("o.json", fixture).expected())


# Format 1.2's softmax_cross_entropy with both options: BCE's network ([3, 4, 3], tanh), labels with a repeat
# and a class missing from them no more: 2, 0, 2, 1 (Σ w_y = 5.5, neither N = 4 nor N·mean(w) = 5.33…).
CE_OPTIONS = BCE.replace('{"name": "bce_with_logits", "posWeight": [1.5, 0.5, 3.0]}',
                         '{"name": "softmax_cross_entropy", "labelSmoothing": 0.1, "classWeights": [0.5, 2.0, 1.5]}'
                         ).replace("[[1, 0, 0.3], [0, 0.75, 1], [0.5, 1, 0], [0.2, 0, 1]]", "[2, 0, 2, 1]")


def ce_written_out(weights, epsilon):
    """torch's cross-entropy with class weights w and label smoothing ε, written out: Σ_n Σ_c a_nc·(−log p_nc)
    / Σ_n w_{y_n}, a_nc = (1−ε)·w_{y_n}·[c = y_n] + (ε/C)·w_c, log p by logsumexp: without F.cross_entropy."""
    def data(z, t):
        y, classes = t.long(), z.shape[1]
        w = torch.ones(classes, dtype=z.dtype) if weights is None else torch.tensor(weights, dtype=z.dtype)
        log_p = z - torch.logsumexp(z, 1, keepdim=True)
        one_hot = (torch.arange(classes)[None, :] == y[:, None]).to(z.dtype)
        a = (1 - epsilon) * w[y][:, None] * one_hot + epsilon / classes * w[None, :]
        return (a * -log_p).sum() / w[y].sum()
    return data


def ce_by_torch(weights, epsilon, dtype=torch.float64):
    """F.cross_entropy with weight (in `dtype`) and label_smoothing, on targets given as floats."""
    w = None if weights is None else torch.tensor(weights, dtype=dtype)
    return lambda z, t: torch.nn.functional.cross_entropy(z, t.long(), weight=w, label_smoothing=epsilon)


class CrossEntropyOptions(unittest.TestCase):
    """Format 1.2's softmax_cross_entropy options "labelSmoothing" and "classWeights" (F.cross_entropy's
    label_smoothing and weight), in the recorder and the exporter."""

    def record_text(self, text):
        return Recorder.record_text(self, text)

    def refused(self, text):
        return Format12.refused(self, text)

    def test_the_recorded_values_are_torchs_and_the_formulas(self):
        fixture = json.loads(CE_OPTIONS)
        recorded = self.record_text(CE_OPTIONS)
        block = json.loads(recorded)["expected"]
        loss, gradients, output = by_autograd(fixture, ce_by_torch([0.5, 2.0, 1.5], 0.1))
        self.assertEqual(gradients, block["gradients"])
        self.assertEqual(loss, block["loss"])
        self.assertEqual("1.2", json.loads(recorded)["version"])
        self.assertEqual(CE_OPTIONS, without_recording(recorded), "every other byte is kept")
        written_loss, written_gradients, _ = by_autograd(fixture, ce_written_out([0.5, 2.0, 1.5], 0.1))
        self.assertAlmostEqual(written_loss, block["loss"], places=14)
        BinaryCrossEntropy.assertAllClose(self, written_gradients, block["gradients"])
        # dJ/dz_nk = ((Σ_c a_nc)·p_nk − a_nk) / Σ_n w_{y_n} in float64 lists; db2 = Σ_n dJ/dz_n.
        w, y, epsilon = [0.5, 2.0, 1.5], fixture["targets"], 0.1
        total = sum(w[label] for label in y)
        db2 = [0.0, 0.0, 0.0]
        for row, label in zip(output.tolist(), y):
            exps = [math.exp(v - max(row)) for v in row]
            p = [e / sum(exps) for e in exps]
            a = [(1 - epsilon) * w[label] * (c == label) + epsilon / 3 * w[c] for c in range(3)]
            for k in range(3):
                db2[k] += (sum(a) * p[k] - a[k]) / total
        for x, y_ in zip(db2, block["gradients"]["db2"]):
            self.assertAlmostEqual(x, y_, places=15)

    def test_each_option_alone_and_both_record_their_own_values(self):
        fixture = json.loads(CE_OPTIONS)
        values = {}
        for loss, weights, epsilon in (("softmax_cross_entropy", None, 0.0),
                                       ({"name": "softmax_cross_entropy"}, None, 0.0),
                                       ({"name": "softmax_cross_entropy", "labelSmoothing": 0}, None, 0.0),
                                       ({"name": "softmax_cross_entropy", "labelSmoothing": 0.25}, None, 0.25),
                                       ({"name": "softmax_cross_entropy", "labelSmoothing": 1}, None, 1.0),
                                       ({"name": "softmax_cross_entropy", "classWeights": [0.5, 2, 1.5]},
                                        [0.5, 2, 1.5], 0.0),
                                       ({"name": "softmax_cross_entropy", "classWeights": [1, 1, 1]}, [1, 1, 1], 0.0),
                                       ({"name": "softmax_cross_entropy", "classWeights": [0, 2, 1.5]}, [0, 2, 1.5],
                                        0.0),
                                       ({"name": "softmax_cross_entropy", "labelSmoothing": 0.25,
                                         "classWeights": [0.5, 2, 1.5]}, [0.5, 2, 1.5], 0.25)):
            network = torch_fixture.Network("c.json", dict(fixture, loss=loss))
            self.assertEqual(torch_fixture.Loss("softmax_cross_entropy", label_smoothing=epsilon,
                                                class_weights=weights), network.loss)
            options = {k: v for k, v in (("labelSmoothing", float(epsilon)),
                                         ("classWeights", weights and [float(w) for w in weights]))
                       if v not in (0.0, None)}
            self.assertEqual(dict(name="softmax_cross_entropy", **options) if options else "softmax_cross_entropy",
                             network.loss.fixture_value())
            value, gradients = network.gradients()
            self.assertEqual(by_autograd(fixture, ce_by_torch(weights, epsilon))[:2], (value, gradients),
                             json.dumps(loss))
            written_loss, written_gradients, _ = by_autograd(fixture, ce_written_out(weights, epsilon))
            self.assertAlmostEqual(written_loss, value, places=14)
            BinaryCrossEntropy.assertAllClose(self, written_gradients, gradients)
            values[json.dumps([weights, epsilon])] = value
        self.assertAlmostEqual(values["[null, 0.0]"], values["[[1, 1, 1], 0.0]"], places=15)
        self.assertEqual(6, len({round(v, 12) for v in values.values()}),
                         "none, ε 0.25, ε 1, weights, other weights, weights and ε: six losses")

    def test_float32_takes_the_class_weights_in_float32(self):
        fixture = json.loads(CE_OPTIONS)
        fixture.update(dtype="float32", loss={"name": "softmax_cross_entropy", "labelSmoothing": 0.1,
                                              "classWeights": [0.1, 2.0, 1.3]})
        value, gradients = torch_fixture.Network("c.json", fixture).gradients()
        self.assertEqual(by_autograd(fixture, ce_by_torch([0.1, 2.0, 1.3], 0.1, torch.float32), torch.float32)[:2],
                         (value, gradients))
        self.assertEqual(value, float(torch.tensor(value, dtype=torch.float32)), "a float32 value")

    def test_training_steps_by_torch_optims_rules_on_the_options(self):
        fixture = json.loads(CE_OPTIONS)
        Optimisers.assertEachBlockTrainsByHand(
            self, lambda training: torch_fixture.Network("c.json", dict(fixture, training=training)))
        Optimisers.assertLossChangesTheRun(self, "c.json", fixture, "softmax_cross_entropy",
                                           {"optimizer": "adam", "learningRate": 0.05, "steps": 3})

    def test_refusals(self):
        smoothing, weights = '"labelSmoothing": 0.1', '"classWeights": [0.5, 2.0, 1.5]'
        cases = [
            (CE_OPTIONS.replace(smoothing, '"labelSmoothing": -0.1'),
             "loss.labelSmoothing: expected a number in [0, 1], got -0.1"),
            (CE_OPTIONS.replace(smoothing, '"labelSmoothing": 1.5'),
             "loss.labelSmoothing: expected a number in [0, 1], got 1.5"),
            (CE_OPTIONS.replace(smoothing, '"labelSmoothing": "0.1"'),
             'loss.labelSmoothing: expected a number in [0, 1], got "0.1"'),
            (CE_OPTIONS.replace(smoothing, '"labelSmoothing": true'),
             "loss.labelSmoothing: expected a number in [0, 1], got true"),
            (CE_OPTIONS.replace(smoothing, '"labelSmoothing": NaN'),
             "loss.labelSmoothing: expected a number in [0, 1], got NaN"),
            (CE_OPTIONS.replace(smoothing, '"labelSmoothing": null'),
             "loss.labelSmoothing: expected a number in [0, 1], got null"),
            (CE_OPTIONS.replace(weights, '"classWeights": [0.5, 2.0]'),
             "loss.classWeights: expected 3 values, one per class, got 2"),
            (CE_OPTIONS.replace(weights, '"classWeights": [0.5, 2.0, 1.5, 1.0]'),
             "loss.classWeights: expected 3 values, one per class, got 4"),
            (CE_OPTIONS.replace(weights, '"classWeights": [0.5, -2.0, 1.5]'),
             "loss.classWeights[1]: expected a finite number >= 0, got -2.0"),
            (CE_OPTIONS.replace(weights, '"classWeights": [0.5, 2.0, Infinity]'),
             "loss.classWeights[2]: expected a finite number >= 0, got Infinity"),
            (CE_OPTIONS.replace(weights, '"classWeights": 2.0'),
             "loss.classWeights: expected a list of one number >= 0 per class, got 2.0"),
            (CE_OPTIONS.replace(weights, '"classWeights": [1, 0, 0]').replace("[2, 0, 2, 1]", "[2, 1, 2, 1]"),
             "loss.classWeights: the labels' weights sum to 0 (every label's class has weight 0), so the weighted "
             "mean divides by 0"),
            (CE_OPTIONS.replace(weights, '"classWeights": [1, 0, 0]').replace(
                '"l2": 0.1,', '"l2": 0.1, "training": {"optimizer": "sgd", "learningRate": 0.1, "steps": 3, '
                              '"batchSize": 2},'),
             "loss.classWeights: the labels' weights of step 1's mini-batch (rows 2, 3) sum to 0, so its weighted "
             "mean divides by 0"),
            (CE_OPTIONS.replace(weights, '"class_weights": [0.5, 2.0, 1.5]'),
             "loss.class_weights: not an option of loss 'softmax_cross_entropy' (its options: labelSmoothing, "
             "classWeights)"),
            (MSE_SUM.replace('"reduction": "sum"', smoothing),
             "loss.labelSmoothing: not an option of loss 'mse' (its options: reduction)"),
            (L1.replace('"l1"', '{"name": "l1", ' + weights + '}'),
             "loss.classWeights: not an option of loss 'l1' (it has none)"),
            (CE_OPTIONS.replace('  "version": "1.2",\n', ''),
             'loss: an object (a loss with options) needs "version": "1.2"; the fixture has no version'),
        ]
        for text, message in cases:
            self.assertNotEqual(CE_OPTIONS, text, message)
            self.assertEqual(message, self.refused(text))

    def test_the_exporter_writes_the_options_only_where_they_differ_from_torchs_defaults(self):
        model = BinaryCrossEntropy.model()
        torch.manual_seed(16)
        inputs, targets = torch.randn(6, 3, dtype=torch.float64), torch.tensor([0, 2, 1, 2, 2, 0])
        for smoothing, weights, version, loss in (
                (None, None, "1.1", '"softmax_cross_entropy"'), (0.0, None, "1.1", '"softmax_cross_entropy"'),
                (0.1, None, "1.2", '{"name": "softmax_cross_entropy", "labelSmoothing": 0.1}'),
                (None, [0.5, 2, 1.25], "1.2", '{"name": "softmax_cross_entropy", "classWeights": [0.5, 2.0, 1.25]}'),
                (0.2, torch.tensor([1.0, 0.0, 3.0]), "1.2",
                 '{"name": "softmax_cross_entropy", "labelSmoothing": 0.2, "classWeights": [1.0, 0.0, 3.0]}')):
            training = {"optimizer": "adam", "learningRate": 0.05, "steps": 2, "batchSize": 4}
            with tempfile.TemporaryDirectory() as folder:
                path = os.path.join(folder, "c.json")
                text = export_fixture.export(model, inputs, targets, loss="softmax_cross_entropy",
                                             label_smoothing=smoothing, class_weights=weights, l2=0.05, name="c",
                                             training=training, path=path)
                recorded = record_expected.record(path)
            self.assertIn('{\n  "version": "' + version + '",\n  "name": "c",\n  "dtype": "float64",\n'
                          '  "layers": [3, 4, 3],\n  "activation": "tanh",\n  "loss": ' + loss + ',\n', text)
            self.assertEqual(text, recorded, "the recorder, from the file alone, gives the same numbers")
            fixture = json.loads(text)
            copy = BinaryCrossEntropy.model()
            w = None if weights is None else torch.as_tensor(weights, dtype=torch.float64)
            value = torch.nn.functional.cross_entropy(copy(inputs), targets, weight=w,
                                                      label_smoothing=smoothing or 0.0) + \
                0.025 * ((copy[0].weight ** 2).sum() + (copy[2].weight ** 2).sum())
            value.backward()
            self.assertEqual(copy[0].weight.grad.tolist(), fixture["expected"]["gradients"]["dW1"], loss)
            self.assertEqual(copy[2].bias.grad.tolist(), fixture["expected"]["gradients"]["db2"], loss)
            self.assertEqual(value.item(), fixture["expected"]["loss"], loss)

    def test_the_exporter_writes_float32_class_weights_as_float32_values(self):
        model = BinaryCrossEntropy.model(torch.float32)
        text = export_fixture.export(model, torch.ones(2, 3), [0, 2], loss="softmax_cross_entropy",
                                     class_weights=[0.1, 2, 1], label_smoothing=0.1, l2=0.01, name="f")
        fixture = json.loads(text)
        self.assertEqual({"name": "softmax_cross_entropy", "labelSmoothing": 0.1,
                          "classWeights": [float(torch.tensor(0.1, dtype=torch.float32)), 2.0, 1.0]}, fixture["loss"])
        self.assertEqual(fixture["expected"], torch_fixture.Network("f.json", fixture).expected())

    def test_the_exporter_refuses_bad_options(self):
        model = BinaryCrossEntropy.model()
        cases = [(dict(label_smoothing=1.5), "label_smoothing: expected a number in [0, 1], got 1.5"),
                 (dict(class_weights=[1, 2]), "class_weights: expected 3 values, one per class, got 2"),
                 (dict(class_weights=[1, -2, 1]), "class_weights[1]: expected a finite number >= 0, got -2"),
                 (dict(class_weights=torch.ones(1, 3)),
                  "class_weights: expected one value per class, got a tensor of shape 1×3"),
                 (dict(class_weights=[0, 1, 0], targets=[0, 2]),
                  "class_weights: the labels' weights sum to 0 (every label's class has weight 0), so the weighted "
                  "mean divides by 0"),
                 (dict(loss="mse", class_weights=[1, 1, 1], targets=[[0, 0, 0], [1, 1, 1]]),
                  "class_weights: loss 'mse' has no class_weights (only softmax_cross_entropy has one)")]
        for arguments, message in cases:
            arguments = dict(dict(loss="softmax_cross_entropy", targets=[0, 1]), **arguments)
            with self.assertRaises(torch_fixture.FixtureError) as refused:
                export_fixture.export(model, torch.zeros(2, 3), l2=0, name="x", **arguments)
            self.assertEqual(message, str(refused.exception))

    def test_command_line_label_smoothing_and_class_weights(self):
        model = BinaryCrossEntropy.model()
        with tempfile.TemporaryDirectory() as folder:
            state, data, out = (os.path.join(folder, n) for n in ("m.pt", "d.json", "o.json"))
            torch.save(model.state_dict(), state)
            with open(data, "w") as f:
                json.dump({"inputs": [[1, 2, 3], [0, -1, 0.5], [0.5, 0.5, -1]], "targets": [2, 0, 2]}, f)
            args = ["--state-dict", state, "--activation", "tanh", "--data", data, "--l2", "0.01", "--name", "cli",
                    "-o", out, "--loss", "softmax_cross_entropy"]
            for extra, version, loss in (([], "1.1", "softmax_cross_entropy"),
                                         (["--label-smoothing", "0"], "1.1", "softmax_cross_entropy"),
                                         (["--label-smoothing", "0.1"], "1.2",
                                          {"name": "softmax_cross_entropy", "labelSmoothing": 0.1}),
                                         (["--class-weights", "0.5,2,1.5"], "1.2",
                                          {"name": "softmax_cross_entropy", "classWeights": [0.5, 2.0, 1.5]}),
                                         (["--label-smoothing", "0.2", "--class-weights", "1,0.5,2"], "1.2",
                                          {"name": "softmax_cross_entropy", "labelSmoothing": 0.2,
                                           "classWeights": [1.0, 0.5, 2.0]})):
                with contextlib.redirect_stdout(io.StringIO()):
                    self.assertEqual(0, export_fixture.main(args + extra))
                with open(out) as f:
                    fixture = json.load(f)
                self.assertEqual((version, loss), (fixture["version"], fixture["loss"]))
                self.assertEqual(fixture["expected"], torch_fixture.Network("o.json", fixture).expected())
            mse = args[:-1] + ["mse"]
            for extra, message in (
                    (["--label-smoothing", "2"], "label_smoothing: expected a number in [0, 1], got 2.0"),
                    (["--class-weights", "1,x,1"], "--class-weights: expected numbers, comma-separated, got '1,x,1'"),
                    (["--class-weights", "1,1"], "class_weights: expected 3 values, one per class, got 2"),
                    (["--class-weights", "1,-1,1"], "class_weights[1]: expected a finite number >= 0, got -1.0")):
                err = io.StringIO()
                with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                    self.assertEqual(2, export_fixture.main(args + extra))
                self.assertEqual(f"export-fixture: {message}\n", err.getvalue())
            with open(data, "w") as f:
                json.dump({"inputs": [[1, 2, 3]], "targets": [[0.5, 1, 0]]}, f)
            for extra, message in (
                    (["--label-smoothing", "0.1"],
                     "label_smoothing: loss 'mse' has no label_smoothing (only softmax_cross_entropy has one)"),
                    (["--class-weights", "1,1,1"],
                     "class_weights: loss 'mse' has no class_weights (only softmax_cross_entropy has one)")):
                err = io.StringIO()
                with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                    self.assertEqual(2, export_fixture.main(mse + extra))
                self.assertEqual(f"export-fixture: {message}\n", err.getvalue())


# A file of loss functions of the user's own, as record-expected's --loss-function loads them.
LOSS_FUNCTIONS = '''import torch


def log_cosh(z, t):
    return torch.log(torch.cosh(z - t)).mean()


def nll(z, y):
    assert y.dtype == torch.int64, y.dtype
    return torch.nn.functional.nll_loss(torch.log_softmax(z, 1), y)


def per_element(z, t):
    return (z - t) ** 2


def half(z, t):
    return ((z - t) ** 2).mean().float()


def raises(z, t):
    raise ValueError("no loss here\\nsecond line")


not_a_function = 3
'''

# HUBER's network and data with a loss of the user's own.
LOG_COSH = HUBER.replace('{"name": "huber", "delta": 0.5}', '"log_cosh"')


class CustomLoss(unittest.TestCase):
    """A loss of the user's own: record-expected --loss-function NAME=FILE.py:FUNCTION."""

    def run_recorder(self, text, *options):
        """(exit code, stderr, the file's text afterwards) of record-expected OPTIONS… on a file holding `text`;
        the loss functions' file is functions.py beside it."""
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "f.json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            with open(os.path.join(folder, "functions.py"), "w", encoding="utf-8") as f:
                f.write(LOSS_FUNCTIONS)
            options = [o.replace("FOLDER", folder) for o in options]
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = record_expected.main([*options, path])
            with open(path, encoding="utf-8") as f:
                return code, err.getvalue().replace(folder, "FOLDER"), f.read()

    def test_log_cosh_is_recorded_with_the_users_function(self):
        code, err, recorded = self.run_recorder(LOG_COSH, "--loss-function", "log_cosh=FOLDER/functions.py:log_cosh")
        self.assertEqual((0, ""), (code, err))
        self.assertEqual(LOG_COSH, without_recording(recorded), "every other byte is kept")
        block = json.loads(recorded)["expected"]
        fixture = json.loads(LOG_COSH)
        loss, gradients, output = by_autograd(fixture, lambda z, t: torch.log(torch.cosh(z - t)).mean())
        self.assertEqual(gradients, block["gradients"])
        self.assertEqual(loss, block["loss"])
        # In float64, by the formulas: J = mean log cosh d + 0.5·l2·Σ‖W‖², dJ/dz = tanh(d) / (N·C).
        d = (output - torch.tensor(fixture["targets"], dtype=torch.float64)).tolist()
        params = fixture["params"]
        penalty = 0.05 * sum(w * w for l in (1, 2) for row in params[f"W{l}"] for w in row)
        self.assertAlmostEqual(sum(math.log(math.cosh(x)) for row in d for x in row) / 8 + penalty, block["loss"],
                               places=14)
        for j in range(2):
            self.assertAlmostEqual(sum(math.tanh(row[j]) for row in d) / 8, block["gradients"]["db2"][j], places=15)
        self.assertNotEqual(json.loads(self.record_text_as(HUBER))["expected"]["loss"], block["loss"])

    def record_text_as(self, text):
        return Recorder.record_text(self, text)

    def test_the_function_gets_z_and_the_targets_as_tensors(self):
        calls = []

        def log_cosh(z, t):
            calls.append((tuple(z.shape), z.dtype, t.dtype, z.requires_grad))
            return torch.log(torch.cosh(z - t)).mean()

        for dtype, torch_dtype in (("float64", torch.float64), ("float32", torch.float32)):
            calls.clear()
            fixture = dict(json.loads(LOG_COSH), dtype=dtype)
            value, gradients = torch_fixture.Network("f.json", fixture, {"log_cosh": log_cosh}).gradients()
            self.assertEqual([((4, 2), torch_dtype, torch_dtype, True)], calls)
            self.assertEqual(by_autograd(fixture, lambda z, t: torch.log(torch.cosh(z - t)).mean(), torch_dtype)[:2],
                             (value, gradients))
        # Targets given as a flat list of integers are class indices, a long tensor: nll on log_softmax is
        # torch's cross-entropy.
        labels = CE_OPTIONS.replace('{"name": "softmax_cross_entropy", "labelSmoothing": 0.1, "classWeights": '
                                    '[0.5, 2.0, 1.5]}', '"nll"')
        code, err, recorded = self.run_recorder(labels, "--loss-function", "nll=FOLDER/functions.py:nll")
        self.assertEqual((0, ""), (code, err))
        built_in = Recorder.record_text(self, labels.replace('"nll"', '"softmax_cross_entropy"'))
        self.assertEqual(json.loads(built_in)["expected"], json.loads(recorded)["expected"])

    def test_training_steps_by_torch_optims_rules_on_the_users_loss(self):
        fixture = json.loads(LOG_COSH)
        function = {"log_cosh": lambda z, t: torch.log(torch.cosh(z - t)).mean()}
        Optimisers.assertEachBlockTrainsByHand(
            self, lambda training: torch_fixture.Network("f.json", dict(fixture, training=training), function))
        code, err, recorded = self.run_recorder(
            LOG_COSH.replace('"l2": 0.1,', '"l2": 0.1, "training": {"optimizer": "adam", "learningRate": 0.05, '
                                           '"steps": 3},'),
            "--loss-function", "log_cosh=FOLDER/functions.py:log_cosh")
        self.assertEqual((0, ""), (code, err))
        network = torch_fixture.Network("f.json", json.loads(recorded), function)
        self.assertEqual(network.train()[0], json.loads(recorded)["expected"]["losses"])

    def test_a_loss_that_is_not_built_in_needs_its_function(self):
        for text in (LOG_COSH, LOG_COSH.replace('"log_cosh"', '{"name": "log_cosh"}')):
            code, err, after = self.run_recorder(text)
            self.assertEqual((2, text), (code, after))
            self.assertEqual('record-expected: FOLDER/f.json: loss "log_cosh" is not built in: pass --loss-function '
                             'log_cosh=FILE.py:FUNCTION\n', err)
        code, err, _ = self.run_recorder(LOG_COSH, "--loss-function", "cosh=FOLDER/functions.py:log_cosh")
        self.assertEqual(2, code)
        self.assertTrue(err.endswith('loss "log_cosh" is not built in: pass --loss-function '
                                     'log_cosh=FILE.py:FUNCTION\n'), err)

    def test_refusals(self):
        spec = "log_cosh=FOLDER/functions.py:log_cosh"
        cases = [
            ((LOG_COSH, "--loss-function", "log_cosh"),
             "--loss-function: expected NAME=FILE.py:FUNCTION, got 'log_cosh'"),
            ((LOG_COSH, "--loss-function", "log_cosh=FOLDER/functions.py"),
             "--loss-function: expected NAME=FILE.py:FUNCTION, got 'log_cosh=FOLDER/functions.py'"),
            ((LOG_COSH, "--loss-function", "l1=FOLDER/functions.py:log_cosh"),
             "--loss-function l1=FOLDER/functions.py:log_cosh: 'l1' is built in (torch's own); a function of your "
             "own needs a name of its own"),
            ((LOG_COSH, "--loss-function", "log_cosh=FOLDER/missing.py:log_cosh"),
             "--loss-function log_cosh=FOLDER/missing.py:log_cosh: FOLDER/missing.py: cannot read the file: No such "
             "file or directory"),
            ((LOG_COSH, "--loss-function", "log_cosh=FOLDER/functions.py:cosh"),
             "--loss-function log_cosh=FOLDER/functions.py:cosh: FOLDER/functions.py has no function 'cosh'"),
            ((LOG_COSH, "--loss-function", "log_cosh=FOLDER/functions.py:not_a_function"),
             "--loss-function log_cosh=FOLDER/functions.py:not_a_function: FOLDER/functions.py has no function "
             "'not_a_function'"),
            ((LOG_COSH, "--loss-function", spec, "--loss-function", spec),
             f"--loss-function {spec}: 'log_cosh' is registered twice"),
            ((LOG_COSH.replace('  "version": "1.2",\n', ''), "--loss-function", spec),
             "FOLDER/f.json: loss: 'log_cosh' (a loss of the user's own) needs \"version\": \"1.2\"; the fixture "
             "has no version"),
            ((LOG_COSH.replace('"log_cosh"', '{"name": "log_cosh", "delta": 1}'), "--loss-function", spec),
             "FOLDER/f.json: loss.delta: not an option of loss 'log_cosh' (it has none)"),
            ((LOG_COSH, "--loss-function", "log_cosh=FOLDER/functions.py:per_element"),
             'FOLDER/f.json: loss "log_cosh": FOLDER/functions.py:per_element returned a tensor of shape 4×2, '
             'expected a 0-dim tensor'),
            ((LOG_COSH, "--loss-function", "log_cosh=FOLDER/functions.py:half"),
             'FOLDER/f.json: loss "log_cosh": FOLDER/functions.py:half returned a torch.float32 tensor, expected '
             'the fixture\'s torch.float64'),
            ((LOG_COSH, "--loss-function", "log_cosh=FOLDER/functions.py:raises"),
             'FOLDER/f.json: loss "log_cosh": FOLDER/functions.py:raises raised ValueError: no loss here'),
            ((LOG_COSH.replace("[0.6, -1.5]]", "[0.6]]"), "--loss-function", spec),
             "FOLDER/f.json: targets[3]: loss log_cosh needs 2 values (layers [3, 4, 2]: one per output), got 1 "
             "values"),
            ((CE_OPTIONS.replace("[2, 0, 2, 1]", "[2, 0, 3, 1]").replace(
                '{"name": "softmax_cross_entropy", "labelSmoothing": 0.1, "classWeights": [0.5, 2.0, 1.5]}',
                '"log_cosh"'), "--loss-function", spec),
             "FOLDER/f.json: targets[2]: expected a class index in 0..2, got 3"),
            ((LOG_COSH.replace("[[0.1, -0.9], [1.2, 0.3], [-0.4, 0.05], [0.6, -1.5]]", "[0, 1.5, 1, 0]"),
              "--loss-function", spec),
             'FOLDER/f.json: targets: loss "log_cosh" (the user\'s own) takes a flat list of class indices or a '
             '4×2 matrix, got [0, 1.5, 1, 0]'),
        ]
        for (text, *options), message in cases:
            code, err, after = self.run_recorder(text, *options)
            self.assertEqual((2, text), (code, after), message)
            self.assertEqual(f"record-expected: {message}\n", err)

    def test_init_draws_no_targets_for_a_users_loss(self):
        generated = dict(json.loads(GENERATED), version="1.2", loss="log_cosh")
        with self.assertRaises(torch_fixture.FixtureError) as refused:
            torch_fixture.Network("g.json", generated, {"log_cosh": lambda z, t: z.sum()})
        self.assertEqual('g.json: targets: missing; loss "log_cosh" is the user\'s own, so init draws no targets '
                         'for it', str(refused.exception))


class BundledLossFixtures(unittest.TestCase):
    """The bundled l1 and cross-entropy option fixtures: their loss as named, and away from every kink."""

    def network(self, name):
        with open(os.path.join(SUITE, name + ".json"), encoding="utf-8") as f:
            fixture = json.load(f)
        self.assertEqual(name, fixture["name"])
        self.assertEqual("1.2", fixture["version"])
        return torch_fixture.Network(name + ".json", fixture)

    def margins(self, network):
        """Over every step: the smallest |relu/leaky_relu input|, the smallest nonzero |l1 residual|, the number
        of exactly-zero residuals, the largest softmax probability; and no gradient tensor vanishing."""
        model = network.model()
        training = network.training
        steps = training["steps"] if training else 0
        optimizer = torch_fixture.OPTIMIZERS[training["optimizer"]][0](model.parameters(), training) \
            if training else None
        kink, residual, zeros, top = math.inf, math.inf, set(), 0.0
        for step in range(steps + 1):
            with torch.no_grad():
                a = network.inputs
                for module in model:
                    if isinstance(module, (torch.nn.ReLU, torch.nn.LeakyReLU)):
                        kink = min(kink, a.abs().min().item())
                    a = module(a)
                if network.loss.matrix_targets:
                    d = (a - network.targets).abs()
                    zeros.add((step, int((d == 0).sum().item())))
                    residual = min(residual, d[d > 0].min().item())
                else:
                    top = max(top, torch.softmax(a, 1).max().item())
            model.zero_grad()
            network.total_loss(model).backward()
            for name, parameter in torch_fixture.named_parameters(model):
                self.assertGreater(parameter.grad.abs().max().item(), 1e-3, f"{network.source}: d{name} at {step}")
            if step < steps:
                optimizer.step()
        return kink, residual, zeros, top

    def test_l1_relu_tanh(self):
        network = self.network("l1-relu-tanh")
        self.assertEqual(torch_fixture.Loss("l1"), network.loss)
        kink, residual, zeros, _ = self.margins(network)
        self.assertGreater(kink, 0.01)
        self.assertGreater(residual, 0.01)
        self.assertEqual({(k, 0) for k in range(6)}, zeros)

    def test_l1_exact_zero(self):
        from fractions import Fraction
        network = self.network("l1-exact-zero")
        self.assertIsNone(network.training)
        fixture = network.fixture
        # Every z exact: the float64 values torch computes are the rational ones.
        params = {k: [[Fraction(v) for v in row] if isinstance(row, list) else Fraction(row) for row in value]
                  for k, value in fixture["params"].items()}
        z1 = [[sum(Fraction(x) * w for x, w in zip(row, weights)) + b for weights, b in zip(params["W1"], params["b1"])]
              for row in fixture["inputs"]]
        a1 = [[max(v, 0) for v in row] for row in z1]
        z2 = [[sum(x * w for x, w in zip(row, weights)) + b for weights, b in zip(params["W2"], params["b2"])]
              for row in a1]
        model = network.model()
        with torch.no_grad():
            self.assertEqual([[float(v) for v in row] for row in z1], model[0](network.inputs).tolist())
            self.assertEqual([[float(v) for v in row] for row in z2], model(network.inputs).tolist())
        self.assertGreaterEqual(min(abs(v) for row in z1 for v in row), Fraction(1, 8))
        d = [[z - Fraction(repr(t)) for z, t in zip(zs, ts)] for zs, ts in zip(z2, fixture["targets"])]
        exact = [(i, j) for i, row in enumerate(d) for j, v in enumerate(row) if v == 0]
        self.assertEqual(2, len(exact))
        self.assertEqual(2, len({i for i, _ in exact}), "in two different samples")
        self.assertGreaterEqual(min(abs(v) for row in d for v in row if v != 0), Fraction(1, 10))
        # torch's gradient at d = 0 is 0: db2 = Σ_n sign(d_n) / (N·C), exactly.
        count = len(d) * len(d[0])
        _, gradients = network.gradients()
        self.assertEqual([float(Fraction(sum((v > 0) - (v < 0) for v in column), count)) for column in zip(*d)],
                         gradients["db2"])

    def test_cross_entropy_options(self):
        for name, smoothing, weights, every_class in (
                ("ce-label-smoothing", 0.1, None, True),
                ("ce-class-weights", 0.0, (0.5, 2.0, 1.0, 0.25, 1.5), False),
                ("ce-smoothing-weights-float32-adam", 0.2, (1.0, 0.5, 2.0, 0.75), True)):
            network = self.network(name)
            self.assertEqual(torch_fixture.Loss("softmax_cross_entropy", label_smoothing=smoothing,
                                                class_weights=weights), network.loss, name)
            labels = network.targets.tolist()
            counts = [labels.count(c) for c in range(network.layers[-1])]
            if every_class:
                self.assertNotIn(0, counts, name)
            self.assertGreater(len(set(counts)), 1, f"{name}: not every class equally often")
            if weights is not None:
                total = sum(weights[y] for y in labels)
                self.assertNotAlmostEqual(total, len(labels), places=6, msg=name)
                self.assertNotAlmostEqual(total, len(labels) * sum(weights) / len(weights), places=6, msg=name)
            kink, _, _, top = self.margins(network)
            self.assertGreater(kink, 0.01, name)
            self.assertLess(top, 0.9, name)
            self.assertGreater(top, 1.5 / network.layers[-1], f"{name}: softmax near uniform")


class RunsCode:
    """An object whose unpickling executes `code`: what weights_only=True must refuse to load."""

    def __init__(self, code):
        self.code = code

    def __reduce__(self):
        return exec, (self.code,)


class CommandLines(unittest.TestCase):
    """The documented commands, run as users run them: the scripts in tools/, the modules with -m."""

    def run_tool(self, *command, env=None):
        return subprocess.run([sys.executable, *command], capture_output=True, text=True, env=env, timeout=300)

    def test_the_scripts_in_tools_run_the_package(self):
        for script, usage in (("record-expected.py", "usage: record-expected.py "),
                              ("export-fixture.py", "usage: export-fixture.py ")):
            run = self.run_tool(os.path.join(TOOLS, script), "--help")
            self.assertEqual(0, run.returncode, run.stderr)
            self.assertTrue(run.stdout.startswith(usage), run.stdout)
        run = self.run_tool(os.path.join(TOOLS, "torch-trajectory.py"))  # no fixture: nothing to train
        self.assertEqual((0, "", ""), (run.returncode, run.stdout, run.stderr))

    def test_the_modules_run_with_python_m(self):
        env = dict(os.environ, PYTHONPATH=TOOLS)
        run = self.run_tool("-m", "parity_tools.record_expected", "/nonexistent/f.json", env=env)
        self.assertEqual(2, run.returncode)
        self.assertEqual("record-expected: /nonexistent/f.json: cannot read the file: No such file or directory\n",
                         run.stderr)

    def test_the_console_scripts_name_functions_that_exist(self):
        try:
            import tomllib
        except ImportError:
            self.skipTest("tomllib: Python 3.11 or later")
        with open(os.path.join(TOOLS, "pyproject.toml"), "rb") as f:
            scripts = tomllib.load(f)["project"]["scripts"]
        self.assertEqual({"parity-record-expected", "parity-export-fixture", "parity-torch-trajectory"}, set(scripts))
        for target in scripts.values():
            module, function = target.split(":")
            self.assertTrue(callable(getattr(__import__(module, fromlist=[function]), function)), target)


if __name__ == "__main__":
    unittest.main()
