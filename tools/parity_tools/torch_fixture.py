"""A parity fixture as PyTorch users write the network: torch.nn.Linear layers, the activation's
torch.nn module, F.cross_entropy, F.mse_loss, F.huber_loss, F.binary_cross_entropy_with_logits or F.l1_loss
(or a loss function of the user's own) plus the L2 term, torch.optim (SGD, Adam, AdamW) for training.

Shared by record_expected, export_fixture and torch_trajectory (this package). Python 3 and torch only: on
these machines torch comes from Debian's python3-torch package, installed for /usr/bin/python3.

The semantics are the fixture format's (docs/network.md, docs/fixture-format.md):
  z_l = a_{l-1} W_l^T + b_l, hidden layers apply the activation, the last layer is linear; in format 1.2
  each hidden layer may name its own activation ("activation": a list) and a layer may have no bias
  ("bias": false or a list), z_l = a_{l-1} W_l^T, with no b_l in params and no db_l among the gradients;
  J = data(z_L, t) + 0.5 * l2 * sum_l ||W_l||^2 (biases not regularised), data the mean over samples
  of -log softmax(z_L)[y] (F.cross_entropy), the mean over all N*D_out elements of (z_L - t)^2
  (F.mse_loss), or in format 1.2 the mean over all N*D_out elements of h(z_L - t), h(d) = d^2/2 for
  |d| < delta, else delta*(|d| - delta/2) (F.huber_loss, "loss": "huber" with delta 1.0, or
  {"name": "huber", "delta": 0.5}), or in format 1.2 the mean over all N*D_out elements of torch's
  binary cross-entropy on the logits z_L against targets in [0, 1], each positive term weighted by the
  output's pos_weight (F.binary_cross_entropy_with_logits, "loss": "bce_with_logits", or
  {"name": "bce_with_logits", "posWeight": [p_1, …, p_D_out]}). Format 1.2's {"name": "mse", "reduction":
  "sum"} is the sum over the elements instead of their mean (F.mse_loss(reduction="sum")). Format 1.2's
  "loss": "l1" is the mean over all N*D_out elements of |z_L - t| (F.l1_loss; targets an N×D_out matrix as
  for mse; torch's gradient of |d| at d = 0 is 0, sign(0) = 0). Format 1.2's softmax_cross_entropy takes two
  options, alone or together: {"name": "softmax_cross_entropy", "labelSmoothing": eps, "classWeights":
  [w_1, …, w_C]} is F.cross_entropy(z_L, y, weight=w, label_smoothing=eps), torch's meaning:
  sum_n sum_c a_nc·(-log softmax(z_L)[n, c]) / sum_n w_{y_n}, a_nc = (1 - eps)·w_{y_n}·[c = y_n] + (eps/C)·w_c
  (eps in [0, 1], torch's default 0; one weight >= 0 per class, every weight 1 without them; the labels'
  weights must not sum to 0, nor those of a mini-batch's labels). Every value, pos_weight and the class
  weights included, is in the fixture's dtype.
A loss of the user's own (format 1.2): a loss name that is not built in is recorded with the function the
caller registers under that name (Network(…, loss_functions={name: function}); record_expected's
--loss-function NAME=FILE.py:FUNCTION): function(z, targets) returns the data loss as a 0-dim tensor in the
fixture's dtype, z the N×C output z_L (before any output activation) and targets the fixture's targets as a
tensor: a long tensor of class indices when "targets" is a flat list of integers, else a float N×C matrix in
the fixture's dtype. Such a fixture gives its targets (init draws them only for a built-in loss).
Training (docs/fixture-format.md, training; docs/oracles.md: Optimisers and mini-batches) is
torch.optim.SGD / Adam / AdamW with the block's settings and torch's defaults, on every parameter, biases
included; step k takes the rows (k·b + i) mod N, its loss the data loss over them (their mean, or for mse's
reduction "sum" their sum) plus the L2 term.
"""

import contextlib
import json
import math
import re
import sys

import torch
import torch.nn.functional as F

# The version the recorder writes into a fixture of format 1 or 1.1 (as it always has), and the one a
# fixture must say to use format 1.2's keys: "activation" as a list, "bias", the losses "huber" and
# "bce_with_logits" and the loss as an object. A 1.2 fixture keeps "1.2".
FORMAT_VERSION = "1.1"
VERSION_1_2 = "1.2"
VERSIONS = ("1", FORMAT_VERSION, VERSION_1_2)

DTYPES = {"float64": torch.float64, "float32": torch.float32}

# The built-in activations, each with the parameters the fixture format fixes (torch's defaults).
ACTIVATIONS = {
    "sigmoid": lambda: torch.nn.Sigmoid(),
    "tanh": lambda: torch.nn.Tanh(),
    "relu": lambda: torch.nn.ReLU(),
    "leaky_relu": lambda: torch.nn.LeakyReLU(negative_slope=0.01),
    "softplus": lambda: torch.nn.Softplus(beta=1, threshold=20),
}

LOSSES = ("softmax_cross_entropy", "mse", "huber", "bce_with_logits", "l1")
# The losses whose targets are an N×D_out matrix; the others' are one class index per sample.
MATRIX_LOSSES = ("mse", "huber", "bce_with_logits", "l1")
# The losses whose targets are probabilities: every element in [0, 1].
PROBABILITY_LOSSES = ("bce_with_logits",)
# The losses format 1.2 added: a fixture naming one must say "version": "1.2".
LOSSES_1_2 = ("huber", "bce_with_logits", "l1")
# Each loss's options, as format 1.2's loss object may give them (the fixture's key), with torch's defaults;
# posWeight None: no pos_weight (every weight 1); classWeights None: no weight (every class's weight 1).
LOSS_OPTIONS = {"softmax_cross_entropy": {"labelSmoothing": 0.0, "classWeights": None}, "mse": {"reduction": "mean"},
                "huber": {"delta": 1.0}, "bce_with_logits": {"posWeight": None}, "l1": {}}
# A fixture's key for each option, as the Loss holds it.
_ATTRIBUTES = {"delta": "delta", "reduction": "reduction", "posWeight": "pos_weight",
               "labelSmoothing": "label_smoothing", "classWeights": "class_weights"}
# mse's reductions: torch's mse_loss(reduction=…), "none" aside (the loss is a scalar).
REDUCTIONS = ("mean", "sum")


class Loss:
    """A fixture's loss: its name and its options, torch's defaults for those the fixture leaves out.
    data(output, targets) is the loss as torch.nn.functional computes it: reduction 'mean', or mse's
    `reduction`; bce_with_logits with `pos_weight` (None: none, or one value per output) in the output's
    dtype; softmax_cross_entropy with `label_smoothing` and `class_weights` (None: none, or one value per
    class) in the output's dtype. A loss of the user's own is a name that is not built in and its
    `function`(z, targets); its targets are class indices or a matrix as the fixture's are (`matrix`, which
    the Network sets from them)."""

    def __init__(self, name, delta=1.0, *, reduction="mean", pos_weight=None, label_smoothing=0.0,
                 class_weights=None, function=None, origin=None):
        if function is None and name not in LOSSES:
            raise FixtureError(f"loss: unknown loss {name!r} (expected one of: {', '.join(LOSSES)})")
        if function is not None and name in LOSSES:
            raise FixtureError(f"loss: {name!r} is built in: a function of the user's own cannot replace it")
        self.name = name
        self.delta = float(delta)
        self.reduction = reduction
        self.pos_weight = None if pos_weight is None else tuple(float(p) for p in pos_weight)
        self.label_smoothing = float(label_smoothing)
        self.class_weights = None if class_weights is None else tuple(float(w) for w in class_weights)
        self.function = function
        # The function as the messages name it (FILE.py:FUNCTION), and whether its targets are a matrix.
        self.origin = origin or getattr(function, "__name__", "the loss function")
        self.matrix = False

    @property
    def custom(self):
        """Whether this is a loss of the user's own (a function), not one of torch's."""
        return self.function is not None

    @property
    def matrix_targets(self):
        return self.matrix if self.custom else self.name in MATRIX_LOSSES

    @property
    def probability_targets(self):
        return self.name in PROBABILITY_LOSSES

    def data(self, output, targets):
        if self.custom:
            return self._custom_data(output, targets)
        if self.name == "softmax_cross_entropy":
            weight = None if self.class_weights is None else \
                torch.tensor(self.class_weights, dtype=torch.float64).to(output.dtype)
            return F.cross_entropy(output, targets, weight=weight, label_smoothing=self.label_smoothing)
        if self.name == "mse":
            return F.mse_loss(output, targets, reduction=self.reduction)
        if self.name == "bce_with_logits":
            pos_weight = None if self.pos_weight is None else \
                torch.tensor(self.pos_weight, dtype=torch.float64).to(output.dtype)
            return F.binary_cross_entropy_with_logits(output, targets, pos_weight=pos_weight)
        if self.name == "l1":
            return F.l1_loss(output, targets)
        return F.huber_loss(output, targets, delta=self.delta)

    def _custom_data(self, output, targets):
        """The user's function on (z, targets), refused unless it gives a 0-dim tensor in the output's dtype."""
        try:
            value = self.function(output, targets)
        except Exception as e:  # the user's code: whatever it raises is reported on one line
            detail = str(e).strip().splitlines()[0] if str(e).strip() else ""
            raise LossFunctionError(f"loss \"{self.name}\": {self.origin} raised {type(e).__name__}"
                                    + (f": {detail}" if detail else ""))
        if not isinstance(value, torch.Tensor):
            raise LossFunctionError(f"loss \"{self.name}\": {self.origin} returned a {type(value).__name__}, "
                                    f"expected a 0-dim torch tensor")
        if value.dim() != 0:
            raise LossFunctionError(f"loss \"{self.name}\": {self.origin} returned a tensor of shape "
                                    f"{'×'.join(map(str, value.shape))}, expected a 0-dim tensor")
        if value.dtype != output.dtype:
            raise LossFunctionError(f"loss \"{self.name}\": {self.origin} returned a {value.dtype} tensor, expected "
                                    f"the fixture's {output.dtype}")
        return value

    def option(self, key):
        """The option a fixture names `key` (LOSS_OPTIONS), as this loss has it: a posWeight or classWeights as
        a list."""
        value = getattr(self, _ATTRIBUTES[key])
        return list(value) if isinstance(value, tuple) else value

    def fixture_value(self):
        """The fixture's "loss": the name when every option is torch's default, else the object form."""
        options = {key: self.option(key) for key, default in LOSS_OPTIONS.get(self.name, {}).items()
                   if self.option(key) != default}
        return dict(name=self.name, **options) if options else self.name

    def check_outputs(self, layers, what="loss.posWeight", classes="loss.classWeights"):
        """Refuses a posWeight without one value per output of the network `layers`, and classWeights without
        one value per class; `what` and `classes` head the messages."""
        outputs = layers[-1]
        if self.pos_weight is not None and len(self.pos_weight) != outputs:
            raise FixtureError(f"{what}: {len(self.pos_weight)} values for {outputs} outputs (layers "
                               f"{json.dumps(layers)}: one per output)")
        if self.class_weights is not None and len(self.class_weights) != outputs:
            raise FixtureError(f"{classes}: expected {outputs} values, one per class, got {len(self.class_weights)}")

    def check_labels(self, labels, training=None, what="loss.classWeights"):
        """Refuses classWeights under which the labels' weights sum to 0 (torch's weighted mean would divide
        by 0): those of all the `labels`, and with a `training` block those of each step's mini-batch.
        Labels outside the classes are left to the targets' own check."""
        if self.class_weights is None:
            return
        weights = self.class_weights

        def total(rows):
            return sum(weights[labels[r]] for r in rows if isinstance(labels[r], int) and 0 <= labels[r] < len(weights))

        samples = len(labels)
        if samples and total(range(samples)) == 0:
            raise FixtureError(f"{what}: the labels' weights sum to 0 (every label's class has weight 0), so the "
                               f"weighted mean divides by 0")
        batch = int(training.get("batchSize", samples)) if training else samples
        if training and 0 < batch < samples:
            for step in range(int(training.get("steps", 0))):
                rows = batch_rows(step, batch, samples)
                if total(rows) == 0:
                    raise FixtureError(f"{what}: the labels' weights of step {step}'s mini-batch (rows "
                                       f"{', '.join(map(str, rows))}) sum to 0, so its weighted mean divides by 0")

    def _key(self):
        return (self.name, self.delta, self.reduction, self.pos_weight, self.label_smoothing, self.class_weights,
                self.function)

    def __eq__(self, other):
        return isinstance(other, Loss) and self._key() == other._key()

    def __repr__(self):
        return (f"Loss({self.name!r}, delta={self.delta!r}, reduction={self.reduction!r}, "
                f"pos_weight={self.pos_weight!r}, label_smoothing={self.label_smoothing!r}, "
                f"class_weights={self.class_weights!r}" + (f", function={self.origin}" if self.custom else "") + ")")


def as_loss(loss):
    """A Loss, or a loss's name for torch's defaults."""
    return loss if isinstance(loss, Loss) else Loss(loss)


def read_loss(value, version, where="", loss_functions=None):
    """The fixture's "loss" (a name, or in format 1.2 an object {"name": …, and the loss's options}) as a
    Loss; refuses an unknown name or option, an option's bad value, and what needs format 1.2 in a fixture
    whose `version` is another. `where` heads each message (the file, as "path: "). A posWeight's and
    classWeights' length is the network's to check (Loss.check_outputs). A name that is not built in is a
    loss of the user's own, taken from `loss_functions` ({name: function(z, targets)}, or {name: (function,
    "FILE.py:FUNCTION")}); without one it is refused."""
    def needs_1_2(what):
        if version != VERSION_1_2:
            said = "has no version" if version is None else f"says {version!r}"
            raise FixtureError(f'{where}loss: {what} needs "version": "1.2"; the fixture {said}')

    def known(name, key):
        if isinstance(name, str) and name and name not in LOSSES:
            registered = (loss_functions or {}).get(name)
            if registered is None:
                raise FixtureError(f'{where}loss "{name}" is not built in: pass --loss-function '
                                   f'{name}=FILE.py:FUNCTION')
            needs_1_2(f"{name!r} (a loss of the user's own)")
            return name
        if not isinstance(name, str) or name not in LOSSES:
            raise FixtureError(f"{where}{key}: unknown loss {name!r} (expected one of: {', '.join(LOSSES)})")
        if name in LOSSES_1_2:
            needs_1_2(f"{name!r}")
        return name

    def made(name):
        if name in LOSSES:
            return Loss(name)
        registered = loss_functions[name]
        function, origin = registered if isinstance(registered, tuple) else (registered, None)
        return Loss(name, function=function, origin=origin)

    if not isinstance(value, dict):
        return made(known(value, "loss"))
    needs_1_2("an object (a loss with options)")
    if "name" not in value:
        raise FixtureError(f"{where}loss.name: missing (the object form is {{\"name\": …, and the loss's options}})")
    name = known(value["name"], "loss.name")
    options = LOSS_OPTIONS.get(name, {})
    for key in value:
        if key != "name" and key not in options:
            has = f"its options: {', '.join(options)}" if options else "it has none"
            raise FixtureError(f"{where}loss.{key}: not an option of loss {name!r} ({has})")
    loss = made(name)
    if "delta" in value:
        loss.delta = huber_delta(value["delta"], f"{where}loss.delta")
    if "reduction" in value:
        loss.reduction = mse_reduction(value["reduction"], f"{where}loss.reduction")
    if "posWeight" in value:
        loss.pos_weight = pos_weights(value["posWeight"], f"{where}loss.posWeight")
    if "labelSmoothing" in value:
        loss.label_smoothing = label_smoothing(value["labelSmoothing"], f"{where}loss.labelSmoothing")
    if "classWeights" in value:
        loss.class_weights = class_weights(value["classWeights"], f"{where}loss.classWeights")
    return loss


def _finite(value):
    """A JSON number as a float (math.nan for anything else, math.inf for an integer too large for one)."""
    try:
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else math.nan
    except OverflowError:
        return math.inf


def huber_delta(delta, what):
    """`delta` as a float: a finite number > 0; refused otherwise, the message headed by `what`."""
    value = _finite(delta)
    if not (math.isfinite(value) and value > 0):
        raise FixtureError(f"{what}: expected a number > 0, got {json.dumps(delta)}")
    return value


def mse_reduction(reduction, what):
    """`reduction` as given: "mean" or "sum"; refused otherwise, the message headed by `what`."""
    if not isinstance(reduction, str) or reduction not in REDUCTIONS:
        raise FixtureError(f"{what}: expected \"mean\" or \"sum\", got {json.dumps(reduction)}")
    return reduction


def label_smoothing(epsilon, what):
    """`epsilon` as a float: a number in [0, 1]; refused otherwise, the message headed by `what`."""
    value = _finite(epsilon)
    if not (math.isfinite(value) and 0 <= value <= 1):
        raise FixtureError(f"{what}: expected a number in [0, 1], got {json.dumps(epsilon)}")
    return value


def class_weights(weights, what):
    """`weights` as a tuple of floats: a list of finite numbers >= 0, one per class; refused otherwise, the
    message headed by `what` (and the element's index)."""
    return pos_weights(weights, what, "class")


def pos_weights(weights, what, per="output"):
    """`weights` as a tuple of floats: a list of finite numbers >= 0; refused otherwise, the message headed
    by `what` (and the element's index)."""
    if not isinstance(weights, (list, tuple)):
        raise FixtureError(f"{what}: expected a list of one number >= 0 per {per}, got {json.dumps(weights)}")
    values = []
    for i, weight in enumerate(weights):
        value = _finite(weight)
        if not (math.isfinite(value) and value >= 0):
            raise FixtureError(f"{what}[{i}]: expected a finite number >= 0, got {json.dumps(weight)}")
        values.append(value)
    return tuple(values)


def custom_targets_matrix(targets, samples, loss, layers, where=""):
    """For a loss of the user's own: whether `targets` is a matrix (a list of rows) rather than a flat list of
    class indices; refuses anything else, and a class index outside 0..C-1."""
    outputs = layers[-1]
    if isinstance(targets, list) and all(isinstance(row, list) for row in targets):
        return True
    if not isinstance(targets, list) or not all(isinstance(y, int) and not isinstance(y, bool) for y in targets):
        raise FixtureError(f'{where}targets: loss "{loss.name}" (the user\'s own) takes a flat list of class '
                           f'indices or a {samples}×{outputs} matrix, got {json.dumps(targets)[:60]}')
    if len(targets) != samples:
        raise FixtureError(f"{where}targets: {len(targets)} class indices for {samples} samples (one per sample)")
    for i, y in enumerate(targets):
        if not 0 <= y < outputs:
            raise FixtureError(f"{where}targets[{i}]: expected a class index in 0..{outputs - 1}, got {y}")
    return False


def check_targets(targets, samples, loss, layers, where=""):
    """Refuses matrix targets that are not samples×D_out numbers, and for a loss on probabilities
    (bce_with_logits) an element outside [0, 1], naming it (targets[i][j])."""
    outputs = layers[-1]
    if not loss.matrix_targets:
        return
    if not isinstance(targets, list) or len(targets) != samples:
        got = f"{len(targets)} rows" if isinstance(targets, list) else json.dumps(targets)
        raise FixtureError(f"{where}targets: loss {loss.name} needs {samples}×{outputs} (one row per sample), got "
                           f"{got}")
    for i, row in enumerate(targets):
        if not isinstance(row, list) or len(row) != outputs:
            got = f"{len(row)} values" if isinstance(row, list) else json.dumps(row)
            raise FixtureError(f"{where}targets[{i}]: loss {loss.name} needs {outputs} values (layers "
                               f"{json.dumps(layers)}: one per output), got {got}")
        for j, value in enumerate(row):
            number = _finite(value)
            if not math.isfinite(number):
                raise FixtureError(f"{where}targets[{i}][{j}]: expected a finite number, got {json.dumps(value)}")
            if loss.probability_targets and not 0 <= number <= 1:
                raise FixtureError(f"{where}targets[{i}][{j}]: loss {loss.name} needs a value in [0, 1] (a "
                                   f"probability), got {json.dumps(value)}")


DEFAULT_TOLERANCE = {"float64": (1e-7, 1e-7), "float32": (1.3e-6, 1e-5)}


def _sgd(parameters, training):
    """torch.optim.SGD with the block's settings, torch's defaults for those it leaves out."""
    return torch.optim.SGD(parameters, lr=training["learningRate"], momentum=training.get("momentum", 0),
                           dampening=training.get("dampening", 0), nesterov=training.get("nesterov", False),
                           weight_decay=training.get("weightDecay", 0))


def _adam(kind, weight_decay):
    """torch.optim.Adam or AdamW with the block's settings; `weight_decay` is torch's default for `kind`."""
    def make(parameters, training):
        return kind(parameters, lr=training["learningRate"], betas=tuple(training.get("betas", (0.9, 0.999))),
                    eps=training.get("eps", 1e-8), weight_decay=training.get("weightDecay", weight_decay),
                    amsgrad=training.get("amsgrad", False))
    return make


_ADAM_KEYS = ("learningRate", "betas", "eps", "weightDecay", "amsgrad", "batchSize")

# Each optimiser a fixture's training block may name: the torch.optim it is, and the training keys it
# reads besides "optimizer" and "steps". A block with any other key is refused, so that a setting this
# recorder does not know can never be ignored silently.
OPTIMIZERS = {
    "sgd": (_sgd, ("learningRate", "momentum", "dampening", "nesterov", "weightDecay", "batchSize")),
    "adam": (_adam(torch.optim.Adam, 0), _ADAM_KEYS),
    "adamw": (_adam(torch.optim.AdamW, 0.01), _ADAM_KEYS),
}


def check_training(training, where=""):
    """Refuses a training block naming an optimiser or a setting this tool does not know; `where` heads
    the message (the file, as "path: ")."""
    optimizer = training.get("optimizer")
    if optimizer not in OPTIMIZERS:
        raise FixtureError(f"{where}training.optimizer: {optimizer!r} is not one this tool can record (known: "
                           f"{', '.join(OPTIMIZERS)})")
    known = ("optimizer", "steps") + OPTIMIZERS[optimizer][1]
    for key in training:
        if key not in known:
            raise FixtureError(f"{where}training.{key}: not known to this tool for optimizer {optimizer!r} "
                               f"(known: {', '.join(known)})")


def batch_rows(step, batch, samples):
    """The rows of step k's mini-batch: (k·b + i) mod N for i = 0 … b−1, in the fixture's order."""
    return [(step * batch + i) % samples for i in range(batch)]


def train(model, inputs, targets, loss, l2, training):
    """Trains `model` in place as the block says, with torch.optim on step k's batch rows; returns the
    loss over all N samples before each step and after the last, and the parameters after the last."""
    optimizer = OPTIMIZERS[training["optimizer"]][0](model.parameters(), training)
    samples = inputs.shape[0]
    batch = int(training.get("batchSize", samples))
    losses = []
    for step in range(int(training["steps"])):
        optimizer.zero_grad()
        if batch == samples:
            step_loss = total_loss(model, inputs, targets, loss, l2)
            losses.append(step_loss.item())
        else:
            with torch.no_grad():
                losses.append(total_loss(model, inputs, targets, loss, l2).item())
            rows = torch.tensor(batch_rows(step, batch, samples), dtype=torch.int64)
            step_loss = total_loss(model, inputs[rows], targets[rows], loss, l2)
        step_loss.backward()
        optimizer.step()
    with torch.no_grad():
        losses.append(total_loss(model, inputs, targets, loss, l2).item())
    return losses, {name: tensor.detach().tolist() for name, tensor in named_parameters(model)}


class FixtureError(Exception):
    """A fixture this tool cannot build: the message names the file and the field."""


class LossFunctionError(FixtureError):
    """What a loss function of the user's own did wrong (it raised, or returned no 0-dim tensor in the
    fixture's dtype): the Network heads the message with the file."""


class SplitMix64:
    """The generator behind a fixture's init block (docs/fixture-format.md: The generator behind init)."""

    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def symmetric(self, scale):
        return scale * (2 * self.uniform() - 1)


class Network:
    """One fixture's network, data and loss in torch, in the fixture's dtype."""

    def __init__(self, source, fixture, loss_functions=None):
        """`loss_functions`: {name: function(z, targets)} (or {name: (function, "FILE.py:FUNCTION")}), the
        losses of the user's own a fixture may name."""
        self.source = source
        self.fixture = fixture
        self.version = self._version()
        dtype_name = self._choice("dtype", DTYPES)
        self.dtype = DTYPES[dtype_name]
        activation = fixture.get("activation")
        if isinstance(activation, list):
            self._needs_1_2("activation", "a list (one activation per hidden layer)")
        elif activation not in ACTIVATIONS:
            raise FixtureError(f"{source}: activation: {activation!r} is not built in (built in: "
                               f"{', '.join(ACTIVATIONS)}); a registered activation has no torch counterpart "
                               f"this tool knows, so its values cannot be recorded")
        self.activation = activation
        self.loss = read_loss(fixture.get("loss"), fixture.get("version"), f"{source}: ", loss_functions)
        self.layers = [int(size) for size in fixture["layers"]]
        self.activations = self._activations(activation)
        self.biases = self._biases()
        self.loss.check_outputs(self.layers, f"{source}: loss.posWeight", f"{source}: loss.classWeights")
        self.l2 = float(fixture["l2"])
        params, inputs, targets = self._values()
        if self.loss.custom:
            self.loss.matrix = custom_targets_matrix(targets, len(inputs), self.loss, self.layers, f"{source}: ")
        check_targets(targets, len(inputs), self.loss, self.layers, f"{source}: ")
        for l, has_bias in enumerate(self.biases, start=1):
            if not has_bias and f"b{l}" in params:
                raise FixtureError(f"{source}: params.b{l}: layer {l} has no bias (bias: "
                                   f"{json.dumps(fixture['bias'])}), so params has no b{l}")
        self.params = params
        self.inputs = torch.tensor(inputs, dtype=torch.float64).to(self.dtype)
        if self.loss.matrix_targets:
            self.targets = torch.tensor(targets, dtype=torch.float64).to(self.dtype)
        else:
            self.targets = torch.tensor(targets, dtype=torch.int64)
        self.training = fixture.get("training")
        if self.training is not None:
            check_training(self.training, f"{source}: ")
        if not self.loss.matrix_targets:
            self.loss.check_labels(targets, self.training, f"{source}: loss.classWeights")

    def _version(self):
        """The fixture's version as written, "1" when it says none; one this tool does not know is refused."""
        version = self.fixture.get("version", "1")
        if version not in VERSIONS:
            raise FixtureError(f"{self.source}: version: {version!r} is not one this tool knows (known: "
                               f"{', '.join(VERSIONS)})")
        return version

    @property
    def recorded_version(self):
        """The version the recorder writes: "1.2" for a 1.2 fixture, "1.1" (as always) for 1 and 1.1."""
        return VERSION_1_2 if self.version == VERSION_1_2 else FORMAT_VERSION

    def _needs_1_2(self, key, what):
        if self.version != VERSION_1_2:
            said = f"says {self.version!r}" if "version" in self.fixture else "has no version"
            raise FixtureError(f"{self.source}: {key}: {what} needs \"version\": \"1.2\"; the fixture {said}")

    def _activations(self, activation):
        """One activation name per hidden layer: layer l (1-based, l < L) applies entry l - 1."""
        hidden = len(self.layers) - 2
        if not isinstance(activation, list):
            return [activation] * hidden
        if len(activation) != hidden:
            raise FixtureError(f"{self.source}: activation: {len(activation)} names for {hidden} hidden layers "
                               f"(layers {json.dumps(self.layers)}: one name per hidden layer, the output layer "
                               f"is linear)")
        for i, name in enumerate(activation):
            if not isinstance(name, str) or name not in ACTIVATIONS:
                raise FixtureError(f"{self.source}: activation[{i}]: {name!r} is not built in (built in: "
                                   f"{', '.join(ACTIVATIONS)}); a registered activation has no torch counterpart "
                                   f"this tool knows, so its values cannot be recorded")
        return list(activation)

    def _biases(self):
        """One flag per weight layer: whether layer l adds b_l. Without "bias", every layer does."""
        depth = len(self.layers) - 1
        if "bias" not in self.fixture:
            return [True] * depth
        bias = self.fixture["bias"]
        self._needs_1_2("bias", "a layer without bias")
        if isinstance(bias, bool):
            return [bias] * depth
        if not isinstance(bias, list):
            raise FixtureError(f"{self.source}: bias: expected true, false or a list of one boolean per weight "
                               f"layer, got {json.dumps(bias)}")
        if len(bias) != depth:
            raise FixtureError(f"{self.source}: bias: {len(bias)} flags for {depth} weight layers (layers "
                               f"{json.dumps(self.layers)}: one flag per weight layer)")
        for i, flag in enumerate(bias):
            if not isinstance(flag, bool):
                raise FixtureError(f"{self.source}: bias[{i}]: expected true or false, got {json.dumps(flag)}")
        return list(bias)

    def _choice(self, key, options):
        value = self.fixture.get(key)
        if value not in options:
            raise FixtureError(f"{self.source}: {key}: unknown {key} {value!r} (expected one of: "
                               f"{', '.join(options)})")
        return value

    def _values(self):
        """W1, b1, …, the inputs and the targets as float64 lists, generated where init asks for it."""
        fixture = self.fixture
        init = fixture.get("init")
        if init is None:
            return fixture["params"], fixture["inputs"], fixture["targets"]
        random = SplitMix64(int(init["seed"]))
        scale = float(init["scale"])

        def draw(count, value_scale):
            return [random.symmetric(value_scale) for _ in range(count)]

        params = {}
        for l in range(1, len(self.layers)):
            out, inp = self.layers[l], self.layers[l - 1]
            flat = draw(out * inp, scale)
            params[f"W{l}"] = [flat[r * inp:(r + 1) * inp] for r in range(out)]
            if self.biases[l - 1]:  # a layer without bias draws nothing for it
                params[f"b{l}"] = draw(out, scale)
        inputs = fixture.get("inputs")
        if inputs is None:
            samples, width = int(init["samples"]), self.layers[0]
            flat = draw(samples * width, 1.0)
            inputs = [flat[r * width:(r + 1) * width] for r in range(samples)]
        targets = fixture.get("targets")
        if targets is None and self.loss.custom:
            raise FixtureError(f'{self.source}: targets: missing; loss "{self.loss.name}" is the user\'s own, '
                               f'so init draws no targets for it')
        if targets is None:
            samples, width = len(inputs), self.layers[-1]
            if self.loss.matrix_targets:
                flat = draw(samples * width, 1.0)
                if self.loss.probability_targets:  # the same draws, mapped from [-1, 1) to [0, 1)
                    flat = [(u + 1.0) / 2.0 for u in flat]
                targets = [flat[r * width:(r + 1) * width] for r in range(samples)]
            else:
                targets = [math.floor(random.uniform() * width) for _ in range(samples)]
        return params, inputs, targets

    def model(self):
        """A fresh torch.nn.Sequential holding the fixture's parameters."""
        modules = []
        depth = len(self.layers) - 1
        for l in range(1, depth + 1):
            has_bias = self.biases[l - 1]
            linear = torch.nn.Linear(self.layers[l - 1], self.layers[l], bias=has_bias, dtype=self.dtype)
            with torch.no_grad():
                linear.weight.copy_(self._tensor(f"W{l}", (self.layers[l], self.layers[l - 1])))
                if has_bias:
                    linear.bias.copy_(self._tensor(f"b{l}", (self.layers[l],)))
            modules.append(linear)
            if l < depth:
                modules.append(ACTIVATIONS[self.activations[l - 1]]())
        return torch.nn.Sequential(*modules)

    def _tensor(self, name, shape):
        """params[name] in the fixture's dtype, refused unless it has the parameter's shape."""
        value = torch.tensor(self.params[name], dtype=torch.float64)
        if tuple(value.shape) != shape:
            raise FixtureError(f"{self.source}: params.{name}: expected {'×'.join(map(str, shape))}, got "
                               f"{'×'.join(map(str, value.shape))}")
        return value.to(self.dtype)

    def total_loss(self, model):
        return total_loss(model, self.inputs, self.targets, self.loss, self.l2)

    def gradients(self):
        """The loss and every gradient at the fixture's parameters: dW1, db1, … (no db_l for a layer without bias)."""
        with self._headed():
            model = self.model()
            loss = self.total_loss(model)
            loss.backward()
            return loss.item(), gradients(model)

    def train(self):
        """The loss over all samples before each step and after the last, and the parameters after the last."""
        with self._headed():
            return train(self.model(), self.inputs, self.targets, self.loss, self.l2, self.training)

    @contextlib.contextmanager
    def _headed(self):
        """What a loss function of the user's own did wrong, headed by the file."""
        try:
            yield
        except LossFunctionError as e:
            raise FixtureError(f"{self.source}: {e}") from None

    def expected(self):
        """The fixture's expected block as a dict, in the order the format writes it."""
        loss, gradients = self.gradients()
        block = {"source": source_text(), "loss": loss, "gradients": gradients}
        if self.training is not None:
            block["losses"], block["params"] = self.train()
        return block


def linears(model):
    return [m for m in model.modules() if isinstance(m, torch.nn.Linear)]


def named_parameters(model):
    """(name, tensor) of every parameter the model has, in the format's order W1, b1, W2, …: a Linear
    without bias has no b_l."""
    named = []
    for l, linear in enumerate(linears(model), start=1):
        named.append((f"W{l}", linear.weight))
        if linear.bias is not None:
            named.append((f"b{l}", linear.bias))
    return named


def gradients(model):
    """After backward(): dW1, db1, … of every parameter the model has, in the format's order."""
    return {f"d{name}": tensor.grad.tolist() for name, tensor in named_parameters(model)}


def total_loss(model, inputs, targets, loss, l2):
    """data(z_L, t) + 0.5·l2·Σ‖W_l‖², the factor made in the dtype as the reference makes it; `loss` a Loss,
    or a loss's name for torch's defaults."""
    output = model(inputs)
    data = as_loss(loss).data(output, targets)
    penalty = torch.zeros((), dtype=output.dtype)
    for linear in linears(model):
        penalty = penalty + (linear.weight ** 2).sum()
    return data + penalty * torch.tensor(0.5 * l2, dtype=torch.float64).to(output.dtype)


def source_text():
    return f"torch {torch.__version__}, python {sys.version.split()[0]}"


def configure_torch():
    # One thread: a sum split across threads adds in another order and can change the last bit.
    torch.set_num_threads(1)
    torch.manual_seed(0)


# --- JSON text ---------------------------------------------------------------------------------

def number(value):
    """A float as the shortest text that reads back to the same double."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value}")
    return repr(value)


def value_text(value, indent):
    """A scalar, vector or matrix: a matrix one row per line, indented under its key."""
    if isinstance(value, list):
        if value and isinstance(value[0], list):
            rows = [value_text(row, indent) for row in value]
            return "[" + (",\n" + indent + " ").join(rows) + "]"
        return "[" + ", ".join(number(v) for v in value) + "]"
    return number(value)


def block_text(block, indent="  "):
    """The expected block as text, its members one per line at indent + 2 spaces."""
    inner = indent + "  "
    lines = []
    for key, value in block.items():
        if isinstance(value, str):
            text = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, dict):
            deeper = inner + "  "
            members = [f"{deeper}{json.dumps(name)}: {value_text(tensor, deeper + ' ' * (len(name) + 4))}"
                       for name, tensor in value.items()]
            text = "{\n" + ",\n".join(members) + "\n" + inner + "}"
        else:
            text = value_text(value, inner + " " * (len(key) + 4))
        lines.append(f"{inner}{json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(lines) + "\n" + indent + "}"


_WHITESPACE = re.compile(r"[ \t\n\r]*")


def top_level_members(text):
    """(key, key start, value start, value end) of every member of the top-level object, in order,
    and the offset of the object's opening brace."""
    decoder = json.JSONDecoder()
    i = _WHITESPACE.match(text, 0).end()
    if i >= len(text) or text[i] != "{":
        raise ValueError("expected a JSON object at the top level")
    opening = i
    i = _WHITESPACE.match(text, i + 1).end()
    members = []
    if text[i] == "}":
        return members, opening
    while True:
        key_start = i
        key, i = decoder.raw_decode(text, i)
        i = _WHITESPACE.match(text, i).end()
        if text[i] != ":":
            raise ValueError(f"expected ':' at offset {i}")
        value_start = _WHITESPACE.match(text, i + 1).end()
        _, value_end = decoder.raw_decode(text, value_start)
        members.append((key, key_start, value_start, value_end))
        i = _WHITESPACE.match(text, value_end).end()
        if text[i] == ",":
            i = _WHITESPACE.match(text, i + 1).end()
            continue
        if text[i] != "}":
            raise ValueError(f"expected ',' or '}}' at offset {i}")
        return members, opening


def with_expected(text, block, version=FORMAT_VERSION):
    """The fixture's text with its expected block set (replaced, or added as the last member) and
    "version": `version` (replaced, or added as the first member): "1.1" for a fixture of format 1 or
    1.1, "1.2" for one of 1.2; every other byte as it was."""
    members, opening = top_level_members(text)
    if not members:
        raise ValueError("an empty fixture")
    by_key = {m[0]: m for m in members}
    first_key_start = members[0][1]
    line_start = text.rfind("\n", 0, first_key_start) + 1
    indent = text[line_start:first_key_start] if line_start > opening else ""
    indent = indent if indent.strip() == "" else ""
    edits = []  # (start, end, replacement), applied from the end
    if "expected" in by_key:
        _, _, start, end = by_key["expected"]
        edits.append((start, end, block_text(block, indent)))
    else:
        end = members[-1][3]
        edits.append((end, end, ",\n" + indent + '"expected": ' + block_text(block, indent)))
    if "version" in by_key:
        _, _, start, end = by_key["version"]
        edits.append((start, end, json.dumps(version)))
    else:
        separator = ",\n" + indent if indent or line_start > opening else ", "
        edits.append((first_key_start, first_key_start, '"version": ' + json.dumps(version) + separator))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text
