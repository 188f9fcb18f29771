package parity.soak;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import parity.api.LossAndGradients;
import parity.api.Tensor;
import parity.api.Trajectory;

/**
 * Everything one side returned for one fixture, flattened to named tensors in a fixed order: the loss,
 * every gradient, every forward intermediate, and, for a training run, the loss and every parameter
 * after each step ({@code step 12 W1}). Two runs of the same code on the same fixture must give the
 * same bits here; {@link #differences} lists the elements that do not.
 */
record Outputs(Map<String, Tensor> tensors) {

    static Outputs of(LossAndGradients result, Trajectory training) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("loss", Tensor.scalar(result.loss()));
        tensors.putAll(result.gradients());
        tensors.putAll(result.forward());
        if (training != null) {
            for (int k = 0; k < training.losses().size(); k++) {
                tensors.put("step " + k + " loss", Tensor.scalar(training.losses().get(k)));
                for (Map.Entry<String, Tensor> param : training.params().get(k).entrySet()) {
                    tensors.put("step " + k + " " + param.getKey(), param.getValue());
                }
            }
        }
        return new Outputs(tensors);
    }

    /**
     * The elements whose bits differ from {@code baseline}'s, at most {@code limit} of them, each as
     * {@code name[i][j]: now V (0xBITS), baseline V (0xBITS)}; a tensor present in only one is one line.
     */
    List<String> differences(Outputs baseline, int limit) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Tensor> entry : baseline.tensors.entrySet()) {
            Tensor then = entry.getValue();
            Tensor now = tensors.get(entry.getKey());
            if (now == null || now.size() != then.size()) {
                lines.add(entry.getKey() + ": present in one run only, or of another size");
                continue;
            }
            for (int i = 0; i < then.size() && lines.size() < limit; i++) {
                long a = Double.doubleToRawLongBits(now.get(i));
                long b = Double.doubleToRawLongBits(then.get(i));
                if (a != b) {
                    lines.add(entry.getKey() + then.indexText(i) + ": now " + now.get(i) + " (" + bits(a)
                            + "), baseline " + then.get(i) + " (" + bits(b) + ")");
                }
            }
        }
        return lines;
    }

    static String bits(long bits) {
        return String.format("0x%016x", bits);
    }
}
