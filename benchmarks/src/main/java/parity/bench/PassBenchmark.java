package parity.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import parity.api.Fixture;
import parity.api.LossAndGradients;
import parity.compare.Implementations;
import parity.core.Nd4jTensors;
import parity.core.network.HandwrittenNetwork;

/**
 * One call that returns the loss and every gradient, on one thread: core, the reference, and the
 * bound below both, the matrix products of one forward and backward pass alone through
 * {@code Nd4j.gemm} with transpose flags on ND4J's own BLAS:
 * <pre>
 * forward   z_l = a_{l-1}·W_lᵀ           (N×in)·(out×in)ᵀ
 * backward  dW_l = δ_lᵀ·a_{l-1}          (N×out)ᵀ·(N×in)
 *           δ_{l-1} = δ_l·W_l, l &gt; 1   (N×out)·(out×in)
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PassBenchmark {

    @Param({"SEED", "SMALL", "MNIST", "DEEP"})
    public Size size;

    @Param({"float64", "float32"})
    public String dtype;

    private Fixture fixture;
    private final List<INDArray[]> products = new ArrayList<>();

    @Setup
    public void setUp() {
        fixture = size.fixture(dtype);
        var dataType = Nd4jTensors.dataType(fixture.dtype());
        int[] layers = fixture.layers();
        int n = fixture.samples();
        for (int l = 1; l < layers.length; l++) {
            INDArray input = Nd4j.rand(dataType, n, layers[l - 1]);
            INDArray weight = Nd4jTensors.toArray(fixture.weight(l), dataType);
            INDArray z = Nd4j.zeros(dataType, n, layers[l]);
            INDArray delta = Nd4j.rand(dataType, n, layers[l]);
            INDArray dW = Nd4j.zeros(dataType, layers[l], layers[l - 1]);
            INDArray deltaBelow = Nd4j.zeros(dataType, n, layers[l - 1]);
            products.add(new INDArray[] {input, weight, z, delta, dW, deltaBelow});
        }
    }

    @Benchmark
    public LossAndGradients core() {
        return new HandwrittenNetwork(fixture).lossAndGradients();
    }

    @Benchmark
    public LossAndGradients reference() {
        return Implementations.REFERENCE.lossAndGradients(fixture);
    }

    @Benchmark
    public INDArray gemmBound() {
        INDArray last = null;
        for (int l = 0; l < products.size(); l++) {
            INDArray[] p = products.get(l);
            Nd4j.gemm(p[0], p[1], p[2], false, true, 1.0, 0.0);
            Nd4j.gemm(p[3], p[0], p[4], true, false, 1.0, 0.0);
            if (l > 0) {
                Nd4j.gemm(p[3], p[1], p[5], false, false, 1.0, 0.0);
            }
            last = p[4];
        }
        return last;
    }
}
