package org.rnn4j.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * The explainer: what happens inside the network, step by step, for one sequence.
 *
 * <p>Forward, per step t: the input x_t, its projection {@code U·x_t}, the carried state's
 * projection {@code W·h_{t-1}}, the pre-activation {@code a_t = U·x_t + W·h_{t-1} + b}, the state
 * {@code h_t = f(a_t)} and the output {@code y_t}. Backward (when a target for the last step is
 * given): the error reaching each state, {@code ‖dL/dh_t‖}, and each step's contribution to the
 * weight gradients, {@code ‖da_t·x_tᵀ‖} for U and {@code ‖da_t·h_{t-1}ᵀ‖} for W, which shows how
 * the error fades (or grows) going back in time.
 *
 * <p>It answers a newcomer's question: the same U, W, b are used at every step. U·x_t differs
 * between steps only because x_t does; W·h_{t-1} is how the past reaches the present.
 */
public final class Trace {

    /** One step's figures. Arrays are copies the caller may keep. */
    public static final class Step {
        private final int t;
        private final double[] x;
        private final double[] ux;
        private final double[] wh;
        private final double[] a;
        private final double[] h;
        private final double[] y;
        double errorNorm = Double.NaN;
        double gradUNorm = Double.NaN;
        double gradWNorm = Double.NaN;

        Step(int t, double[] x, double[] ux, double[] wh, double[] a, double[] h, double[] y) {
            this.t = t;
            this.x = x;
            this.ux = ux;
            this.wh = wh;
            this.a = a;
            this.h = h;
            this.y = y;
        }

        /** @return the step t, from 0 */
        public int t() {
            return t;
        }

        /** @return x_t (I values) */
        public double[] x() {
            return x.clone();
        }

        /** @return U·x_t (H values) */
        public double[] ux() {
            return ux.clone();
        }

        /** @return W·h_{t-1} (H values) */
        public double[] wh() {
            return wh.clone();
        }

        /** @return a_t = U·x_t + W·h_{t-1} + b (H values) */
        public double[] a() {
            return a.clone();
        }

        /** @return h_t = f(a_t) (H values) */
        public double[] h() {
            return h.clone();
        }

        /** @return y_t = V·h_t + c (O values) */
        public double[] y() {
            return y.clone();
        }

        /** @return ‖dL/dh_t‖, NaN without a target */
        public double errorNorm() {
            return errorNorm;
        }

        /** @return ‖da_t·x_tᵀ‖, this step's share of dU, NaN without a target */
        public double gradUNorm() {
            return gradUNorm;
        }

        /** @return ‖da_t·h_{t-1}ᵀ‖, this step's share of dW, NaN without a target */
        public double gradWNorm() {
            return gradWNorm;
        }
    }

    private final List<Step> steps;
    private final String activation;
    private final int inputs;
    private final int hidden;

    private Trace(List<Step> steps, String activation, int inputs, int hidden) {
        this.steps = Collections.unmodifiableList(steps);
        this.activation = activation;
        this.inputs = inputs;
        this.hidden = hidden;
    }

    /** @return the steps, in order */
    public List<Step> steps() {
        return steps;
    }

    /**
     * Traces one sequence.
     *
     * @param model the network
     * @param sequence {@code [t][i]}, T steps of I features
     * @param target the target of the last step's output (O values), or null for forward only
     * @param loss the loss comparing them (ignored without a target)
     * @return the trace
     */
    public static Trace of(Rnn model, double[][] sequence, double[] target, Loss loss) {
        Backend be = model.backend();
        DType dt = model.dtype();
        int in = model.inputSize();
        int hid = model.hiddenSize();
        int out = model.outputSize();
        if (sequence.length == 0) {
            throw new IllegalArgumentException("the sequence has no steps");
        }
        if (target != null) {
            Targets.lastStep(loss, 1, out, target); // validates length, finiteness, distribution
        }
        Tensor x = be.zeros(dt, 1, in);
        Tensor ux = be.zeros(dt, 1, hid);
        Tensor wh = be.zeros(dt, 1, hid);
        Tensor a = be.zeros(dt, 1, hid);
        Tensor hPrev = be.zeros(dt, 1, hid);
        Tensor h = be.zeros(dt, 1, hid);
        Tensor y = be.zeros(dt, 1, out);
        Tensor u = model.parameter("U").value();
        Tensor w = model.parameter("W").value();
        List<Step> steps = new ArrayList<>();
        for (int t = 0; t < sequence.length; t++) {
            if (sequence[t].length != in) {
                throw new IllegalArgumentException("step " + t + " has " + sequence[t].length + " features, U expects " + in);
            }
            x.copyFrom(sequence[t]);
            Checks.requireFinite("sequence step " + t, x, 0);
            be.gemmInto(1, x, false, u, true, 0, ux);                // U·x_t
            be.gemmInto(1, hPrev, false, w, true, 0, wh);            // W·h_{t-1}
            be.addRowVectorInto(ux, model.parameter("b").value(), a); // U·x_t + b
            be.axpyInto(1, wh, a);                                    // + W·h_{t-1}
            be.activateInto(model.activation(), a, h);
            be.gemmInto(1, h, false, model.parameter("V").value(), true, 0, y);
            be.addRowVectorInto(y, model.parameter("c").value(), y);
            steps.add(new Step(t, sequence[t].clone(), ux.toDoubleArray(), wh.toDoubleArray(), a.toDoubleArray(),
                    h.toDoubleArray(), y.toDoubleArray()));
            be.copyInto(h, hPrev);
        }
        if (target != null) {
            backward(model, steps, target, loss);
        }
        return new Trace(steps, model.activation().name(), in, hid);
    }

    private static void backward(Rnn model, List<Step> steps, double[] target, Loss loss) {
        int hid = model.hiddenSize();
        int out = model.outputSize();
        double[] v = model.parameter("V").value().toDoubleArray(); // O×H
        double[] w = model.parameter("W").value().toDoubleArray(); // H×H
        double[] yLast = steps.get(steps.size() - 1).y;
        double[] dy = new double[out];
        loss.row(yLast, 0, target, 0, out, loss.scale(1, out), dy);
        double[] dh = new double[hid];
        for (int j = 0; j < hid; j++) {
            for (int o = 0; o < out; o++) {
                dh[j] += dy[o] * v[o * hid + j];   // dh = Vᵀ·dy
            }
        }
        for (int t = steps.size() - 1; t >= 0; t--) {
            Step s = steps.get(t);
            double[] da = new double[hid];
            for (int j = 0; j < hid; j++) {
                da[j] = dh[j] * model.activation().derivativeFromOutput(s.h[j]);
            }
            double[] hPrev = t > 0 ? steps.get(t - 1).h : new double[hid];
            s.errorNorm = norm(dh);
            s.gradUNorm = norm(da) * norm(s.x);    // ‖da·xᵀ‖_F = ‖da‖·‖x‖
            s.gradWNorm = norm(da) * norm(hPrev);
            double[] next = new double[hid];
            for (int k = 0; k < hid; k++) {
                for (int j = 0; j < hid; j++) {
                    next[k] += da[j] * w[j * hid + k];   // dh_{t-1} = Wᵀ·da
                }
            }
            dh = next;
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /**
     * A readable table of the first steps.
     *
     * @param maxSteps how many steps to show, from the first
     * @param maxValues how many components of each vector to show
     * @return the table, with a header explaining the columns
     */
    public String table(int maxSteps, int maxValues) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "The same U (%d×%d), W (%d×%d) and b are used at every step: U·x_t changes only because x_t does,%n"
                        + "and W·h_{t-1} is how the previous state reaches the new one. h_t = %s(U·x_t + W·h_{t-1} + b).%n",
                hidden, inputs, hidden, hidden, activation.toLowerCase(Locale.ROOT)));
        boolean back = !Double.isNaN(steps.get(steps.size() - 1).errorNorm);
        sb.append(String.format(Locale.ROOT, "%4s  %-10s %-" + (10 * maxValues) + "s %-" + (10 * maxValues) + "s %-" + (10 * maxValues) + "s %9s%s%n",
                "t", "x_t", "U·x_t", "W·h_{t-1}", "h_t", "‖h_t‖", back ? "  ‖dL/dh_t‖  ‖ΔU_t‖     ‖ΔW_t‖" : ""));
        for (int i = 0; i < Math.min(maxSteps, steps.size()); i++) {
            Step s = steps.get(i);
            sb.append(String.format(Locale.ROOT, "%4d  %-10s %s %s %s %9.4f", s.t, vector(s.x, 1), vector(s.ux, maxValues),
                    vector(s.wh, maxValues), vector(s.h, maxValues), norm(s.h)));
            if (back) {
                sb.append(String.format(Locale.ROOT, "  %10.3e  %9.3e  %9.3e", s.errorNorm, s.gradUNorm, s.gradWNorm));
            }
            sb.append(System.lineSeparator());
        }
        if (steps.size() > maxSteps) {
            sb.append(String.format(Locale.ROOT, "  … %d more steps%n", steps.size() - maxSteps));
        }
        return sb.toString();
    }

    private static String vector(double[] v, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(max, v.length); i++) {
            sb.append(String.format(Locale.ROOT, "%9.4f ", v[i]));
        }
        for (int i = v.length; i < max; i++) {
            sb.append("          ");
        }
        return sb.toString();
    }
}
