package org.rnn4j.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.api.Cell;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.layer.RecurrentLayer;
import org.rnn4j.spi.Backend;

/**
 * The explainer: what happens inside the bottom recurrent layer, step by step, for one sequence,
 * for any cell.
 *
 * <p>Forward, per step t: the input x_t, its projection {@code U·x_t}, the carried state's
 * projection {@code W·h_{t-1}}, the pre-activations the cell receives, the gates (for an LSTM i, f,
 * g, o; for a GRU r, z, n; for Elman the pre-activation {@code a_t = U·x_t + W·h_{t-1} + b}), the
 * states and the network's output {@code y_t}. Backward (when a target for the last step is given):
 * the error reaching each state, {@code ‖dL/dh_t‖}, and each step's share of the weight gradients,
 * {@code ‖dGx_t·x_tᵀ‖} for U and {@code ‖dGh_t·h_{t-1}ᵀ‖} for W, which shows how the error fades
 * (or grows) going back in time.
 *
 * <p>The trace has no math of its own: it runs the engine ({@link Bptt}, which overwrites the
 * model's gradient buffers) and reads what the layer computed and cached. It answers a newcomer's
 * question: the same U, W, b are used at every step; U·x_t differs between steps only because x_t
 * does, and W·h_{t-1} is how the past reaches the present.
 *
 * <p>Of a bidirectional network the bottom level's forward layer is traced; a reverse network, whose
 * layers run from the last step to the first, is refused.
 */
public final class Trace {

    /** One step's figures. Arrays are copies the caller may keep. */
    public static final class Step {
        private final int t;
        private final double[] x;
        private final double[] ux;
        private final double[] wh;
        private final double[] a;
        private final Map<String, double[]> gates;
        private final Map<String, double[]> states;
        private final double[] y;
        double errorNorm = Double.NaN;
        double gradUNorm = Double.NaN;
        double gradWNorm = Double.NaN;
        double[] inputGradient;

        Step(int t, double[] x, double[] ux, double[] wh, double[] a, Map<String, double[]> gates, Map<String, double[]> states,
                double[] y) {
            this.t = t;
            this.x = x;
            this.ux = ux;
            this.wh = wh;
            this.a = a;
            this.gates = gates;
            this.states = states;
            this.y = y;
        }

        /** {@return the step t, from 0} */
        public int t() {
            return t;
        }

        /** {@return x_t (I values)} */
        public double[] x() {
            return x.clone();
        }

        /** {@return U·x_t (gH values, gate blocks in the cell's order)} */
        public double[] ux() {
            return ux.clone();
        }

        /** {@return W·h_{t-1} (gH values)} */
        public double[] wh() {
            return wh.clone();
        }

        /** {@return the pre-activations the cell received: U·x_t + b, plus W·h_{t-1} (plus bh for a GRU's separate path, not included)} */
        public double[] a() {
            return a.clone();
        }

        /**
         * Returns a gate's values (after its activation; for Elman the pre-activation a).
         *
         * @param name a gate name of the cell, e.g. {@code "f"}
         * @return H values
         */
        public double[] gate(String name) {
            double[] g = gates.get(name);
            if (g == null) {
                throw new IllegalArgumentException("no gate '" + name + "'; the gates are " + gates.keySet());
            }
            return g.clone();
        }

        /** {@return h_t of the traced layer (H values)} */
        public double[] h() {
            return states.get("h").clone();
        }

        /**
         * Returns a state after this step.
         *
         * @param name {@code "h"}, or {@code "c"} for an LSTM
         * @return H values
         */
        public double[] state(String name) {
            double[] s = states.get(name);
            if (s == null) {
                throw new IllegalArgumentException("no state '" + name + "'; the states are " + states.keySet());
            }
            return s.clone();
        }

        /** {@return y_t = V·h_t + c of the network (O values)} */
        public double[] y() {
            return y.clone();
        }

        /** {@return ‖dL/dh_t‖, NaN without a target} */
        public double errorNorm() {
            return errorNorm;
        }

        /** {@return ‖dGx_t·x_tᵀ‖, this step's share of dU, NaN without a target} */
        public double gradUNorm() {
            return gradUNorm;
        }

        /** {@return ‖dGh_t·h_{t-1}ᵀ‖, this step's share of dW, NaN without a target} */
        public double gradWNorm() {
            return gradWNorm;
        }

        /**
         * Returns the attribution of this step's input: dL/dx_t, how the loss of the last step's output
         * would change per unit change of each feature of x_t. Large |dL/dx_t| at a past step means that
         * input drove the forecast. It is a local, first-order measure: it depends on the whole sequence
         * (the states every step passed through), not on x_t alone. It is
         * {@link Bptt.Result#inputGradient()} of the same call (through every layer, both directions
         * of a bidirectional network), read, not recomputed.
         *
         * @return dL/dx_t (I values), NaN without a target
         */
        public double[] inputGradient() {
            if (inputGradient == null) {
                double[] nan = new double[x.length];
                java.util.Arrays.fill(nan, Double.NaN);
                return nan;
            }
            return inputGradient.clone();
        }
    }

    private final List<Step> steps;
    private final Cell cell;
    private final String activation;
    private final int inputs;
    private final int hidden;

    private Trace(List<Step> steps, Cell cell, String activation, int inputs, int hidden) {
        this.steps = Collections.unmodifiableList(steps);
        this.cell = cell;
        this.activation = activation;
        this.inputs = inputs;
        this.hidden = hidden;
    }

    /** {@return the steps, in order} */
    public List<Step> steps() {
        return steps;
    }

    /**
     * Returns the input attribution of every step: row t is {@link Step#inputGradient()}, dL/dx_t.
     * Which past inputs drove the loss of the last step's output: rank the rows by magnitude, row T-1-k
     * being the input k steps back (lag k).
     *
     * @return T×I values, NaN without a target
     */
    public double[][] inputGradients() {
        double[][] g = new double[steps.size()][];
        for (int t = 0; t < g.length; t++) {
            g[t] = steps.get(t).inputGradient();
        }
        return g;
    }

    /**
     * Traces one sequence through the bottom layer.
     *
     * @param model the network (its gradient buffers are overwritten)
     * @param sequence {@code [t][i]}, T steps of I features
     * @param target the target of the last step's output (O values), or null for forward only
     * @param loss the loss comparing them (ignored without a target)
     * @return the trace
     * @throws IllegalArgumentException if the sequence does not fit the model, or the model is a reverse network,
     *     whose bottom layer runs from the last step to the first (a bidirectional network's forward layer is traced)
     */
    public static Trace of(Rnn model, double[][] sequence, double[] target, Loss loss) {
        Checks.requireNonNull("model", model);
        if (model.direction() == Direction.REVERSE) {
            throw new IllegalArgumentException("Trace.of follows the bottom layer from the first step to the last, but every layer of "
                    + "this reverse network runs from the last step to the first; trace a forward or bidirectional network");
        }
        Backend be = model.backend();
        DType dt = model.dtype();
        int in = model.inputSize();
        int hid = model.hiddenSize();
        int out = model.outputSize();
        if (sequence == null || sequence.length == 0) {
            throw new IllegalArgumentException("the sequence has no steps");
        }
        int n = sequence.length;
        double[] flat = new double[n * in];
        for (int t = 0; t < n; t++) {
            if (sequence[t] == null || sequence[t].length != in) {
                throw new IllegalArgumentException("step " + t + " has " + (sequence[t] == null ? "no" : sequence[t].length)
                        + " features, U expects " + in);
            }
            System.arraycopy(sequence[t], 0, flat, t * in, in);
        }
        Tensor xs = be.fromArray(dt, n, in, flat);
        Targets targets = target != null ? Targets.lastStep(loss, 1, out, target) : Targets.lastStep(Loss.MSE, 1, out, new double[out]);
        Bptt bptt = model.bptt();
        RecurrentLayer layer = model.layers().get(0);
        Cell cell = layer.cell();
        RecurrentLayer.Workspace ws = bptt.workspace(1, n, 1).stack.layer(0);
        double[] errors = ws.recordErrorNorms(target != null);
        boolean formedDx = bptt.computesInputGradients();
        double[] dX = null;
        try {
            if (target != null) {
                bptt.computeInputGradients(true);
                dX = bptt.lossAndGradients(xs, 1, targets, null, null).inputGradient().toDoubleArray();
            } else {
                bptt.loss(xs, 1, targets, null, null);
            }
        } finally {
            ws.recordErrorNorms(false);
            bptt.computeInputGradients(formedDx);
        }
        double[] ys = model.forward(xs, 1, null, null).outputs().toDoubleArray();

        // Read what the layer computed, step by step.
        int gH = cell.gates() * hid;
        Tensor x = be.zeros(dt, 1, in);
        Tensor hPrev = be.zeros(dt, 1, hid);
        Tensor ux = be.zeros(dt, 1, gH);
        Tensor wh = be.zeros(dt, 1, gH);
        RecurrentLayer.StepBuffers sb = layer.stepBuffers(1);
        double[] hAll = ws.output().toDoubleArray();
        double[][] before = new double[cell.states()][];
        for (int k = 0; k < before.length; k++) {
            before[k] = ws.statesBefore(k).toDoubleArray();
        }
        double[] dGx = ws.gateErrors().toDoubleArray();
        double[] dGh = ws.recurrentGateErrors().toDoubleArray();
        List<Step> steps = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            be.copyRowsInto(xs, t, 1, x, 0);
            be.copyRowsInto(ws.statesBefore(0), t, 1, hPrev, 0);
            layer.projections(x, hPrev, ux, wh);
            layer.preActivations(x, hPrev, sb);
            double[] cache = ws.cache(t).toDoubleArray();
            Map<String, double[]> gates = new LinkedHashMap<>();
            double[] a = sb.gx().toDoubleArray();
            for (int g = 0; g < cell.gates(); g++) {
                String name = cell.gateNames().get(g);
                int block = cell.cacheNames().indexOf(name);
                gates.put(name, block >= 0 ? slice(cache, block * hid, hid) : slice(a, g * hid, hid));
            }
            Map<String, double[]> states = new LinkedHashMap<>();
            for (int k = 0; k < cell.states(); k++) {
                // The state after step t is the state before step t + 1, or the final state.
                double[] after = t + 1 < n ? slice(before[k], (t + 1) * hid, hid) : ws.finalStates()[k].toDoubleArray();
                states.put(cell.stateNames().get(k), k == 0 ? slice(hAll, t * hid, hid) : after);
            }
            Step s = new Step(t, sequence[t].clone(), ux.toDoubleArray(), wh.toDoubleArray(), a, gates, states,
                    slice(ys, t * out, out));
            if (target != null) {
                s.errorNorm = errors[t];
                s.gradUNorm = norm(slice(dGx, t * gH, gH)) * norm(sequence[t]);
                s.gradWNorm = norm(slice(dGh, t * gH, gH)) * norm(slice(before[0], t * hid, hid));
                s.inputGradient = slice(dX, t * in, in);
            }
            steps.add(s);
        }
        return new Trace(steps, cell, model.activation().name(), in, hid);
    }

    private static double[] slice(double[] v, int from, int length) {
        double[] s = new double[length];
        System.arraycopy(v, from, s, 0, length);
        return s;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /**
     * A readable table of the first steps, at most 100 characters wide for {@code maxValues} ≤ 3.
     *
     * @param maxSteps how many steps to show, from the first
     * @param maxValues how many components of each vector to show
     * @return the table, with a header explaining the columns
     */
    public String table(int maxSteps, int maxValues) {
        StringBuilder sb = new StringBuilder();
        int g = cell.gates();
        boolean elman = g == 1;
        String rule = elman ? "h_t = " + activation.toLowerCase(Locale.ROOT) + "(U·x_t + W·h_{t-1} + b)"
                : "A " + cell.kind() + " cell with gates " + String.join(", ", cell.gateNames()) + " (first unit shown)";
        sb.append(String.format(Locale.ROOT,
                "The same U (%d×%d), W (%d×%d) and b are used at every step: U·x_t changes only because x_t does,%n"
                        + "and W·h_{t-1} is how the previous state reaches the new one.%s%s.%n",
                g * hidden, inputs, g * hidden, hidden, elman ? " " : System.lineSeparator(), rule));
        boolean back = !Double.isNaN(steps.get(steps.size() - 1).errorNorm);
        // Gated cells show the first unit of every gate and of h, so that the row fits 100 columns.
        int shown = elman ? maxValues : 1;
        int w = 10 * shown;
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%4s  %-10s ", "t", "x_t"));
        if (elman) {
            head.append(String.format(Locale.ROOT, "%-" + w + "s %-" + w + "s ", "U·x_t", "W·h_{t-1}"));
        } else {
            for (String name : cell.gateNames()) {
                head.append(String.format(Locale.ROOT, "%-7s", name));
            }
        }
        head.append(String.format(Locale.ROOT, "%-" + w + "s %9s%s", "h_t", "‖h_t‖", back ? "  ‖dL/dh_t‖  ‖ΔU_t‖     ‖ΔW_t‖" : ""));
        sb.append(head.toString().stripTrailing()).append(System.lineSeparator());
        for (int i = 0; i < Math.min(maxSteps, steps.size()); i++) {
            Step s = steps.get(i);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%4d  %-10s ", s.t, vector(s.x, 1)));
            if (elman) {
                row.append(vector(s.ux, shown)).append(' ').append(vector(s.wh, shown)).append(' ');
            } else {
                for (String name : cell.gateNames()) {
                    row.append(String.format(Locale.ROOT, "%6.3f ", s.gates.get(name)[0]));
                }
            }
            double[] h = s.states.get("h");
            row.append(vector(h, shown)).append(String.format(Locale.ROOT, " %9.4f", norm(h)));
            if (back) {
                row.append(String.format(Locale.ROOT, "  %10.3e  %9.3e  %9.3e", s.errorNorm, s.gradUNorm, s.gradWNorm));
            }
            sb.append(row).append(System.lineSeparator());
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
