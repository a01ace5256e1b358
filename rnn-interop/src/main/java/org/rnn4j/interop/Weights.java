package org.rnn4j.interop;

import java.util.Arrays;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.Rnn;

/**
 * The value checks of every importer: a weight no training could produce (NaN, ±infinity) is
 * refused where it is read, with the file's tensor name and index; and a model is checked once
 * built, because a FLOAT32 model turns a finite double beyond ±{@link Float#MAX_VALUE} (and a sum
 * of two biases that overflows) into infinity.
 */
final class Weights {
    private Weights() {
    }

    /**
     * Refuses the first NaN or infinity of a tensor read from a file.
     *
     * @param what the tensor as messages call it, e.g. {@code tensor 'rnn.weight_hh_l0' of safetensors file x}
     * @param values its values, row-major
     * @param shape its shape (the index is reported in it)
     */
    static void requireFinite(String what, double[] values, long[] shape) throws InteropException {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new InteropException(what + " holds " + values[i] + " at index " + index(i, shape)
                        + "; a trained weight is finite (fix the exporting model)");
            }
        }
    }

    /**
     * Refuses a built model that holds a non-finite value, which its dtype made of finite file values.
     *
     * @param source what the weights were read from, for messages
     */
    static void requireFinite(Rnn model, String source) throws InteropException {
        for (Parameter p : model.parameters()) {
            Tensor t = p.value();
            for (int r = 0; r < t.rows(); r++) {
                for (int c = 0; c < t.cols(); c++) {
                    double x = t.get(r, c);
                    if (!Double.isFinite(x)) {
                        throw new InteropException("the weights of " + source + " make rnn4j's " + p.name() + "[" + r + "," + c + "] " + x
                                + (model.dtype() == DType.FLOAT32 ? ": beyond FLOAT32's range (±" + Float.MAX_VALUE + "); load it as FLOAT64"
                                        : ": two finite weights summed beyond double's range"));
                    }
                }
            }
        }
    }

    /** {@return a flat index as {@code [i, j, …]} within a shape} */
    private static String index(int flat, long[] shape) {
        if (shape.length == 0) {
            return "[]";
        }
        long[] at = new long[shape.length];
        long rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = shape[d] == 0 ? 0 : rest % shape[d];
            rest = shape[d] == 0 ? rest : rest / shape[d];
        }
        return Arrays.toString(at);
    }
}
