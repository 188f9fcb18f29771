"""Writes a parity fixture (format 1.1, or 1.2 when it needs it) from a PyTorch model, with PyTorch's values.

As a module (tools/ on the path: PYTHONPATH=tools, or the package installed from tools/pyproject.toml):

    from parity_tools.export_fixture import export
    export(model, inputs, targets, loss="softmax_cross_entropy", l2=0.01, name="my-net",
           training={"optimizer": "sgd", "learningRate": 0.1, "steps": 20}, path="my-net.json")

model is a torch.nn.Sequential of Linear layers and one supported activation between each two of them
(Sigmoid, Tanh, ReLU, LeakyReLU(0.01), Softplus(beta=1, threshold=20)), ending with a Linear: the loss
takes the last layer's output as it is (F.cross_entropy applies the softmax). When every hidden layer has
the same activation and every Linear a bias, the fixture is format 1.1 with "activation": one name, as
always; otherwise it is format 1.2: "activation" one name per hidden layer when they differ, and "bias"
false (no Linear has one) or one boolean per Linear when some are Linear(bias=False). loss="huber"
(F.huber_loss; targets an N×D_out matrix, as for mse) makes it format 1.2 too, with its delta=… (torch's
default 1.0 when left out) written "loss": "huber" for 1.0, {"name": "huber", "delta": 0.5} otherwise.
loss="bce_with_logits" (F.binary_cross_entropy_with_logits; targets an N×D_out matrix of values in [0, 1])
makes it format 1.2 too, with its pos_weight=… (one value >= 0 per output; None, the default, for none)
written "loss": "bce_with_logits" without one, {"name": "bce_with_logits", "posWeight": […]} with one.
loss="mse" with reduction="sum" (F.mse_loss(reduction="sum")) is written {"name": "mse", "reduction":
"sum"}, format 1.2; reduction="mean" (torch's default) is "loss": "mse" as always. loss="l1" (F.l1_loss;
targets an N×D_out matrix, as for mse) makes it format 1.2, "loss": "l1". loss="softmax_cross_entropy" takes
label_smoothing=… (in [0, 1]; torch's default 0.0) and class_weights=… (one value >= 0 per class, a list or a
tensor, written and used in the model's dtype; None, the default, for none), F.cross_entropy(weight=…,
label_smoothing=…): with either differing from torch's default the loss is written {"name":
"softmax_cross_entropy", "labelSmoothing": 0.1, "classWeights": […]} (the options that differ), format 1.2.
The fixture's dtype is the model's (float32 or float64); its params are the model's, written out exactly; its
expected block is what the model itself computes: the loss J = data + 0.5·l2·Σ‖W‖², every gradient,
and with a training block the torch.optim run. `./parity check FILE` loads the file as it is.

From the command line, on a saved state_dict (torch.save(model.state_dict(), "model.pt")); --activation
is one name for every hidden layer or one per hidden layer, comma-separated (relu,tanh), and a Linear
whose "<index>.bias" the state_dict lacks is a Linear(bias=False):

    tools/export-fixture.py --state-dict model.pt --activation tanh --data data.json \\
        --loss softmax_cross_entropy --l2 0.01 --name my-net [--delta DELTA] [--pos-weight P1,P2,…] \\
        [--reduction mean|sum] [--label-smoothing EPS] [--class-weights W1,W2,…] [--dtype float64] \\
        [--sgd LEARNING_RATE STEPS] [--rtol R --atol A] -o my-net.json

data.json holds {"inputs": [[...], ...], "targets": [...]} (class indices, or an N×D_out matrix for
mse, huber, bce_with_logits and l1); --delta is huber's delta, --pos-weight bce_with_logits's pos_weight (one
value per output, comma-separated), --reduction mse's, --label-smoothing and --class-weights (one value per
class, comma-separated) softmax_cross_entropy's; each is refused for another loss. The state_dict is loaded with
torch.load(weights_only=True): a file that holds anything but tensors and containers (a pickled object, whose
unpickling could run code) is refused. Runs under Debian's
/usr/bin/python3 with python3-torch (apt-get install python3-torch), as tools/export-fixture.py or, with
tools/ on the path, /usr/bin/python3 -m parity_tools.export_fixture. Exit codes: 0 written, 2 bad input or usage.
"""

import argparse
import collections
import copy
import json
import pickle
import sys

import torch

from parity_tools import torch_fixture
from parity_tools.torch_fixture import FixtureError


def _activation_name(module):
    """The fixture's name for a torch.nn activation module, refusing parameters the format does not have."""
    if isinstance(module, torch.nn.Sigmoid):
        return "sigmoid"
    if isinstance(module, torch.nn.Tanh):
        return "tanh"
    if isinstance(module, torch.nn.ReLU):
        return "relu"
    if isinstance(module, torch.nn.LeakyReLU):
        if module.negative_slope != 0.01:
            raise FixtureError(f"model: LeakyReLU(negative_slope={module.negative_slope}): the fixture format's "
                               f"leaky_relu has slope 0.01")
        return "leaky_relu"
    if isinstance(module, torch.nn.Softplus):
        if module.beta != 1 or module.threshold != 20:
            raise FixtureError(f"model: Softplus(beta={module.beta}, threshold={module.threshold}): the fixture "
                               f"format's softplus has beta 1, threshold 20")
        return "softplus"
    raise FixtureError(f"model: {type(module).__name__} is not a supported activation (supported: Sigmoid, Tanh, "
                       f"ReLU, LeakyReLU(0.01), Softplus(beta=1, threshold=20))")


def describe(model):
    """(layers, activations, biases, dtype name) of a Sequential Linear, act, Linear, …, Linear: one
    activation name per hidden layer, one flag per Linear for whether it has a bias."""
    if not isinstance(model, torch.nn.Sequential):
        raise FixtureError(f"model: expected a torch.nn.Sequential, got {type(model).__name__}")
    modules = list(model)
    if not modules or not isinstance(modules[-1], torch.nn.Linear):
        raise FixtureError("model: the last module must be a Linear: the loss takes its output as it is "
                           "(F.cross_entropy applies the softmax itself)")
    layers, activations, biases, dtypes = [], [], [], set()
    for i, module in enumerate(modules):
        expect_linear = i % 2 == 0
        if expect_linear:
            if not isinstance(module, torch.nn.Linear):
                raise FixtureError(f"model[{i}]: expected a Linear, got {type(module).__name__} (the fixture "
                                   f"format has one activation between Linear layers)")
            if layers and layers[-1] != module.in_features:
                raise FixtureError(f"model[{i}]: in_features {module.in_features} after a layer of "
                                   f"{layers[-1]} units")
            if not layers:
                layers.append(module.in_features)
            layers.append(module.out_features)
            biases.append(module.bias is not None)
            dtypes.update(p.dtype for p in (module.weight, module.bias) if p is not None)
        else:
            activations.append(_activation_name(module))
    names = {dtype: name for name, dtype in torch_fixture.DTYPES.items()}
    if len(dtypes) != 1 or next(iter(dtypes)) not in names:
        raise FixtureError(f"model: parameters must all be float32 or all float64, got "
                           f"{', '.join(sorted(str(d) for d in dtypes))}")
    return layers, activations, biases, names[next(iter(dtypes))]


def network_keys(activations, biases):
    """The fixture's version, "activation" and "bias" (None: left out) for these hidden activations and
    bias flags: format 1.1 and one name when every hidden layer has the same activation and every layer a
    bias, as always; otherwise 1.2, the activation one name when all are the same, else one per hidden
    layer, and bias false when no layer has one, else one flag per layer."""
    # A network without a hidden layer has no activation; the format still names one.
    same = len(set(activations)) <= 1
    activation = (activations[0] if activations else "sigmoid") if same else list(activations)
    if same and all(biases):
        return torch_fixture.FORMAT_VERSION, activation, None
    bias = None if all(biases) else (False if not any(biases) else list(biases))
    return torch_fixture.VERSION_1_2, activation, bias


def _rows(tensor):
    return [[float(v) for v in row] for row in tensor.tolist()]


def fixture_text(fixture, expected):
    """The fixture as JSON text: one key a line, matrices one row a line, the expected block last."""
    lines = []
    for key, value in fixture.items():
        if key == "params":
            members = [f'    {json.dumps(n)}: {torch_fixture.value_text(t, "    " + " " * (len(n) + 4))}'
                       for n, t in value.items()]
            text = "{\n" + ",\n".join(members) + "\n  }"
        elif key in ("inputs", "targets") and value and isinstance(value[0], list):
            text = torch_fixture.value_text(value, "  " + " " * (len(key) + 4))
        elif key == "targets":
            text = "[" + ", ".join(str(int(v)) for v in value) + "]"
        elif key == "l2":
            text = torch_fixture.number(value)
        else:
            text = json.dumps(value, ensure_ascii=False)
        lines.append(f"  {json.dumps(key)}: {text}")
    lines.append('  "expected": ' + torch_fixture.block_text(expected, "  "))
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _weight_list(weights, argument, per):
    """A list or a 1-dim tensor of weights as a list (a tensor of another shape refused)."""
    if isinstance(weights, torch.Tensor):
        if weights.dim() != 1:
            raise FixtureError(f"{argument}: expected one value per {per}, got a tensor of shape "
                               f"{'×'.join(map(str, weights.shape))}")
        return [float(v) for v in weights.tolist()]
    return weights


def loss_of(loss, delta=None, pos_weight=None, reduction=None, label_smoothing=None, class_weights=None):
    """The torch_fixture.Loss for `loss` (a name), `delta` (huber's), `pos_weight` (bce_with_logits's: one
    value >= 0 per output, a list or a tensor), `reduction` (mse's, "mean" or "sum"), `label_smoothing`
    (softmax_cross_entropy's, in [0, 1]) and `class_weights` (softmax_cross_entropy's: one value >= 0 per
    class, a list or a tensor); None: torch's default."""
    if not isinstance(loss, str) or loss not in torch_fixture.LOSSES:
        raise FixtureError(f"loss: unknown loss {loss!r} (expected one of: {', '.join(torch_fixture.LOSSES)})")
    result = torch_fixture.Loss(loss)
    for argument, value, key, owner in (("delta", delta, "delta", "huber"),
                                        ("pos_weight", pos_weight, "posWeight", "bce_with_logits"),
                                        ("reduction", reduction, "reduction", "mse"),
                                        ("label_smoothing", label_smoothing, "labelSmoothing", "softmax_cross_entropy"),
                                        ("class_weights", class_weights, "classWeights", "softmax_cross_entropy")):
        if value is not None and key not in torch_fixture.LOSS_OPTIONS[loss]:
            raise FixtureError(f"{argument}: loss {loss!r} has no {argument} (only {owner} has one)")
    if delta is not None:
        result.delta = torch_fixture.huber_delta(delta, "delta")
    if pos_weight is not None:
        result.pos_weight = torch_fixture.pos_weights(_weight_list(pos_weight, "pos_weight", "output"), "pos_weight")
    if reduction is not None:
        result.reduction = torch_fixture.mse_reduction(reduction, "reduction")
    if label_smoothing is not None:
        result.label_smoothing = torch_fixture.label_smoothing(label_smoothing, "label_smoothing")
    if class_weights is not None:
        result.class_weights = torch_fixture.class_weights(_weight_list(class_weights, "class_weights", "class"),
                                                           "class_weights")
    return result


def export(model, inputs, targets, *, loss, l2, name, description="", training=None, tolerance=None, path=None,
           delta=None, pos_weight=None, reduction=None, label_smoothing=None, class_weights=None):
    """The fixture text for `model` on (inputs, targets); written to `path` too when given. `delta` is
    huber's (None: torch's default, 1.0), `pos_weight` bce_with_logits's (None: none; one value >= 0 per
    output, written and used in the model's dtype), `reduction` mse's (None: torch's default, "mean"),
    `label_smoothing` softmax_cross_entropy's (None: torch's default, 0.0), `class_weights`
    softmax_cross_entropy's (None: none; one value >= 0 per class, written and used in the model's dtype)."""
    layers, activations, biases, dtype_name = describe(model)
    version, activation, bias = network_keys(activations, biases)
    dtype = torch_fixture.DTYPES[dtype_name]
    loss = loss_of(loss, delta, pos_weight, reduction, label_smoothing, class_weights)
    loss.check_outputs(layers, "pos_weight", "class_weights")
    if loss.pos_weight is not None:  # the values torch computes with, as the inputs are written
        loss.pos_weight = tuple(torch.tensor(loss.pos_weight, dtype=torch.float64).to(dtype).tolist())
    if loss.class_weights is not None:
        loss.class_weights = tuple(torch.tensor(loss.class_weights, dtype=torch.float64).to(dtype).tolist())
    if loss.name in torch_fixture.LOSSES_1_2 or not isinstance(loss.fixture_value(), str):
        version = torch_fixture.VERSION_1_2
    inputs = torch.as_tensor(inputs).to(dtype)
    if inputs.dim() != 2 or inputs.shape[1] != layers[0]:
        raise FixtureError(f"inputs: expected N×{layers[0]}, got {'×'.join(map(str, inputs.shape))}")
    if loss.matrix_targets:
        targets = torch.as_tensor(targets).to(dtype)
        if tuple(targets.shape) != (inputs.shape[0], layers[-1]):
            raise FixtureError(f"targets: loss {loss.name} needs {inputs.shape[0]}×{layers[-1]}, got "
                               f"{'×'.join(map(str, targets.shape))}")
        target_values = _rows(targets)
        torch_fixture.check_targets(target_values, inputs.shape[0], loss, layers)
    else:
        targets = torch.as_tensor(targets).to(torch.int64)
        if tuple(targets.shape) != (inputs.shape[0],) or targets.min() < 0 or targets.max() >= layers[-1]:
            raise FixtureError(f"targets: loss softmax_cross_entropy needs {inputs.shape[0]} class indices in "
                               f"0..{layers[-1] - 1}")
        target_values = [int(v) for v in targets.tolist()]
        if training is not None:
            torch_fixture.check_training(training)
        loss.check_labels(target_values, training, "class_weights")
    fixture = collections.OrderedDict()
    fixture["version"] = version
    fixture["name"] = name
    if description:
        fixture["description"] = description
    fixture["dtype"] = dtype_name
    fixture["layers"] = layers
    fixture["activation"] = activation
    if bias is not None:
        fixture["bias"] = bias
    fixture["loss"] = loss.fixture_value()
    fixture["l2"] = float(l2)
    fixture["inputs"] = _rows(inputs)
    fixture["targets"] = target_values
    params = collections.OrderedDict()
    for name, tensor in torch_fixture.named_parameters(model):
        tensor = tensor.detach()
        params[name] = _rows(tensor) if name.startswith("W") else [float(v) for v in tensor.tolist()]
    fixture["params"] = params
    if tolerance is not None:
        fixture["tolerance"] = {"rtol": tolerance[0], "atol": tolerance[1]}
    if training is not None:
        fixture["training"] = dict(training)

    expected = _expected(model, inputs, targets, loss, float(l2), training)
    text = fixture_text(fixture, expected)
    if path is not None:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return text


def _expected(model, inputs, targets, loss, l2, training):
    """What the model itself computes: on a copy, so that the caller's model is left as it was."""
    torch_fixture.configure_torch()
    copied = copy.deepcopy(model)
    copied.zero_grad()
    total = torch_fixture.total_loss(copied, inputs, targets, loss, l2)
    total.backward()
    gradients = collections.OrderedDict(torch_fixture.gradients(copied))
    block = collections.OrderedDict(source=torch_fixture.source_text(), loss=total.item(), gradients=gradients)
    if training is not None:
        torch_fixture.check_training(training)
        block["losses"], block["params"] = torch_fixture.train(copy.deepcopy(model), inputs, targets, loss, l2,
                                                               training)
    return block


def activation_names(activation):
    """--activation's names: one for every hidden layer, or one per hidden layer, comma-separated."""
    names = activation.split(",")
    for name in names:
        if name not in torch_fixture.ACTIVATIONS:
            raise FixtureError(f"--activation: unknown activation {name!r} (expected one of: "
                               f"{', '.join(torch_fixture.ACTIVATIONS)})")
    return names


def model_from_state_dict(state, activation, dtype_name):
    """A Sequential Linear, act, …, Linear with the state_dict's weights, keyed as such a Sequential's are;
    a Linear whose "<index>.bias" is missing is a Linear(bias=False)."""
    names = activation_names(activation)
    weights = sorted((int(k.split(".")[0]), k) for k in state if k.endswith(".weight"))
    if not weights:
        raise FixtureError("--state-dict: no '<index>.weight' entries, as a Sequential's state_dict has")
    hidden = len(weights) - 1
    if len(names) not in (1, hidden):
        raise FixtureError(f"--activation: {len(names)} names for {hidden} hidden layers (one name for all of "
                           f"them, or one per hidden layer)")
    activations = names * hidden if len(names) == 1 else names
    dtype = torch_fixture.DTYPES[dtype_name]
    modules = []
    for n, (index, key) in enumerate(weights):
        expected_index = 2 * n
        if index != expected_index:
            raise FixtureError(f"--state-dict: {key}: expected the Linear layers at indices 0, 2, 4, …")
        weight, bias = state[key], state.get(f"{index}.bias")
        linear = torch.nn.Linear(weight.shape[1], weight.shape[0], bias=bias is not None, dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(weight.to(dtype))
            if bias is not None:
                linear.bias.copy_(bias.to(dtype))
        if modules:
            modules.append(torch_fixture.ACTIVATIONS[activations[n - 1]]())
        modules.append(linear)
    return torch.nn.Sequential(*modules)


def load_state_dict(path):
    """torch.load(path) of tensors only: weights_only=True, so that loading the file cannot run code from it."""
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as e:
        detail = str(e).rpartition("WeightsUnpickler error: ")[2]
        raise FixtureError(f"{path}: refused: it holds more than tensors, and unpickling the rest could run code "
                           f"(torch.load with weights_only=True: {detail})")
    except (OSError, RuntimeError, EOFError) as e:
        raise FixtureError(f"{path}: cannot load a state_dict: {e}")


def _numbers(text, option):
    """An option's comma-separated numbers as a list (None when the option is not given)."""
    if text is None:
        return None
    try:
        return [float(p) for p in text.split(",")]
    except ValueError:
        raise FixtureError(f"{option}: expected numbers, comma-separated, got {text!r}")


def main(argv=None):
    """The command line, on `argv` (sys.argv[1:] when None); returns the exit code."""
    parser = argparse.ArgumentParser(prog="export-fixture.py", description=__doc__.splitlines()[0])
    parser.add_argument("--state-dict", required=True, help="torch.save(model.state_dict()) of a Sequential")
    parser.add_argument("--activation", required=True,
                        help=f"one of {', '.join(torch_fixture.ACTIVATIONS)} for every hidden layer, or one per "
                             f"hidden layer, comma-separated")
    parser.add_argument("--data", required=True, help='JSON file {"inputs": [[...]], "targets": [...]}')
    parser.add_argument("--loss", required=True, choices=list(torch_fixture.LOSSES))
    parser.add_argument("--delta", type=float, help="huber's delta (> 0; torch's default 1.0)")
    parser.add_argument("--pos-weight", metavar="P1,P2,…",
                        help="bce_with_logits's pos_weight: one value >= 0 per output, comma-separated")
    parser.add_argument("--reduction", choices=list(torch_fixture.REDUCTIONS),
                        help="mse's reduction (torch's default mean)")
    parser.add_argument("--label-smoothing", type=float, metavar="EPS",
                        help="softmax_cross_entropy's label_smoothing (in [0, 1]; torch's default 0)")
    parser.add_argument("--class-weights", metavar="W1,W2,…",
                        help="softmax_cross_entropy's weight: one value >= 0 per class, comma-separated")
    parser.add_argument("--l2", required=True, type=float)
    parser.add_argument("--name", required=True)
    parser.add_argument("--description", default="")
    parser.add_argument("--dtype", default="float64", choices=list(torch_fixture.DTYPES))
    parser.add_argument("--sgd", nargs=2, metavar=("LEARNING_RATE", "STEPS"), help="add an SGD training block")
    parser.add_argument("--rtol", type=float)
    parser.add_argument("--atol", type=float)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    try:
        state = load_state_dict(args.state_dict)
        try:
            with open(args.data, encoding="utf-8") as f:
                data = json.load(f)
        except OSError as e:
            raise FixtureError(f"{args.data}: cannot read the file: {e.strerror}")
        except ValueError as e:
            raise FixtureError(f"{args.data}: invalid JSON: {e}")
        for key in ("inputs", "targets"):
            if key not in data:
                raise FixtureError(f"{args.data}: {key}: missing")
        if (args.rtol is None) != (args.atol is None):
            raise FixtureError("--rtol and --atol: give both or neither")
        model = model_from_state_dict(state, args.activation, args.dtype)
        training = None
        if args.sgd:
            training = {"optimizer": "sgd", "learningRate": float(args.sgd[0]), "steps": int(args.sgd[1])}
        tolerance = None if args.rtol is None else (args.rtol, args.atol)
        pos_weight = _numbers(args.pos_weight, "--pos-weight")
        class_weights = _numbers(args.class_weights, "--class-weights")
        export(model, torch.tensor(data["inputs"], dtype=torch.float64), data["targets"], loss=args.loss,
               l2=args.l2, name=args.name, description=args.description, training=training, tolerance=tolerance,
               path=args.output, delta=args.delta, pos_weight=pos_weight, reduction=args.reduction,
               label_smoothing=args.label_smoothing, class_weights=class_weights)
    except FixtureError as e:
        print(f"export-fixture: {e}", file=sys.stderr)
        return 2
    print(f"{args.output}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
