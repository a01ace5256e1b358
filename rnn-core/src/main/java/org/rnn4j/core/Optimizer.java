package org.rnn4j.core;

import java.util.List;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * Updates parameters from their gradients. Every optimizer keeps its state (velocities, running
 * averages) in double on the host, one array per parameter and slot, allocated on the first
 * {@link #step}: later steps allocate nothing. The update arithmetic is in double whatever the
 * tensors' dtype, so FLOAT32 and FLOAT64 models, and every backend, follow the same rule.
 *
 * <p>Create one with {@link #sgd}, {@link #momentum}, {@link #adagrad}, {@link #rmsprop} or
 * {@link #adam}. The defaults are the named constants of each factory's class, defined once.
 */
public abstract class Optimizer {
    private double learningRate;
    private long steps;
    private List<Parameter> bound;
    private double[][] values;
    private double[][] grads;
    private double[][][] slots;
    private double[][][] backup;
    /** Whether the last {@link #step} went through and can be taken back ({@link #undoLastStep}). */
    private boolean undoable;
    /** The learning rate before the last step (a schedule may have changed it since). */
    private double rateBeforeStep;

    Optimizer(double learningRate) {
        setLearningRate(learningRate);
    }

    /** Stochastic gradient descent: {@code θ ← θ − lr·g}. Default learning rate 0.01. */
    public static final double SGD_LEARNING_RATE = 0.01;
    /** Momentum (Polyak, 1964): default μ = 0.9, learning rate 0.01. */
    public static final double MOMENTUM = 0.9;
    /** Adagrad (Duchi, Hazan and Singer, 2011, JMLR 12): default learning rate 0.01. */
    public static final double ADAGRAD_LEARNING_RATE = 0.01;
    /** RMSprop (Tieleman and Hinton, 2012, Coursera lecture 6.5): default decay ρ = 0.9. */
    public static final double RMSPROP_DECAY = 0.9;
    /** RMSprop default learning rate 0.001. */
    public static final double RMSPROP_LEARNING_RATE = 0.001;
    /** Adam (Kingma and Ba, 2015, ICLR): default learning rate 0.001. */
    public static final double ADAM_LEARNING_RATE = 0.001;
    /** Adam default β1 = 0.9. */
    public static final double ADAM_BETA1 = 0.9;
    /** Adam default β2 = 0.999. */
    public static final double ADAM_BETA2 = 0.999;
    /** Default ε of Adagrad, RMSprop and Adam, added to the denominator. */
    public static final double EPSILON = 1e-8;

    /**
     * Plain SGD.
     *
     * @param learningRate the step size
     * @return the optimizer
     */
    public static Optimizer sgd(double learningRate) {
        return new Sgd(learningRate);
    }

    /**
     * Momentum: {@code v ← μ·v − lr·g; θ ← θ + v}; with Nesterov (Sutskever et al., 2013, ICML)
     * {@code θ ← θ + μ·v − lr·g} using the new v.
     *
     * @param learningRate the step size
     * @param momentum μ in [0, 1)
     * @param nesterov whether to use Nesterov's look-ahead
     * @return the optimizer
     */
    public static Optimizer momentum(double learningRate, double momentum, boolean nesterov) {
        return new Momentum(learningRate, momentum, nesterov);
    }

    /**
     * Adagrad: {@code G ← G + g²; θ ← θ − lr·g / (√G + ε)}.
     *
     * @param learningRate the step size
     * @return the optimizer, with ε = {@value #EPSILON}
     */
    public static Optimizer adagrad(double learningRate) {
        return new Adagrad(learningRate, EPSILON);
    }

    /**
     * RMSprop: {@code s ← ρ·s + (1−ρ)·g²; θ ← θ − lr·g / (√s + ε)}.
     *
     * @param learningRate the step size
     * @param decay ρ in [0, 1)
     * @return the optimizer, with ε = {@value #EPSILON}
     */
    public static Optimizer rmsprop(double learningRate, double decay) {
        return new RmsProp(learningRate, decay, EPSILON);
    }

    /**
     * Adam: {@code m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
     * θ ← θ − lr·m̂ / (√v̂ + ε)} with bias corrections {@code m̂ = m/(1−β1^t)}, {@code v̂ = v/(1−β2^t)}.
     *
     * @param learningRate the step size
     * @return the optimizer with β1 = {@value #ADAM_BETA1}, β2 = {@value #ADAM_BETA2}, ε = {@value #EPSILON}
     */
    public static Optimizer adam(double learningRate) {
        return new Adam(learningRate, ADAM_BETA1, ADAM_BETA2, EPSILON);
    }

    /**
     * Adam with every constant chosen.
     *
     * @param learningRate the step size
     * @param beta1 β1 in [0, 1)
     * @param beta2 β2 in [0, 1)
     * @param epsilon ε, positive
     * @return the optimizer
     */
    public static Optimizer adam(double learningRate, double beta1, double beta2, double epsilon) {
        return new Adam(learningRate, beta1, beta2, epsilon);
    }

    /** {@return the current learning rate} */
    public double learningRate() {
        return learningRate;
    }

    /**
     * Changes the learning rate (schedules call this).
     *
     * @param rate positive and finite
     */
    public void setLearningRate(double rate) {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + rate);
        }
        this.learningRate = rate;
    }

    /** {@return the number of steps taken} */
    public long steps() {
        return steps;
    }

    /** {@return the optimizer's name, as checkpoints store it} */
    public abstract String name();

    /** {@return the constants besides the learning rate, in a fixed order (checkpoints store them)} */
    abstract double[] hyperparameters();

    /** {@return state arrays per parameter} */
    abstract int slotCount();

    /**
     * Updates one parameter's values in place, on the host path of {@link #apply} (every optimizer
     * with state; SGD runs on the backend instead).
     *
     * @param w values (updated)
     * @param g gradient
     * @param s state slots of this parameter (updated)
     * @param t the step number, from 1
     */
    void update(double[] w, double[] g, double[][] s, long t) {
        throw new AssertionError(name() + " updates on the backend, not through the host path");
    }

    /**
     * Applies one update to every parameter from its gradient buffer. If any updated value would
     * be NaN or infinite once stored in the parameter's dtype (a FLOAT32 parameter holds nothing
     * beyond ±{@link Float#MAX_VALUE}), or any value of the optimizer's own state would be, nothing
     * is written: the parameters, the step count and the optimizer's state stay as they were, and a
     * {@link NonFiniteUpdateException} names the first such value. The parameters' {@link
     * Parameter#version()} marks the update, so that replicas on other threads notice it.
     *
     * @param parameters the parameters, always the same list for one optimizer
     * @throws NonFiniteUpdateException if the update would make a value non-finite
     */
    public final void step(List<Parameter> parameters) {
        if (parameters == null) {
            throw new IllegalArgumentException("parameters are null");
        }
        bind(parameters);
        undoable = false;
        steps++;
        beginUpdate(parameters);
        try {
            apply(parameters);
        } catch (NonFiniteUpdateException e) {
            steps--;
            throw e;
        } finally {
            endUpdate(parameters);
        }
        undoable = true;
        rateBeforeStep = learningRate;
    }

    /** Marks an in-place update of every parameter as begun, for replicas on other threads ({@link Parameter#version()}). */
    static void beginUpdate(List<Parameter> parameters) {
        // Indexed, not for-each: an iterator per step would break the training step's zero allocation.
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).beginUpdate();
        }
    }

    /** Marks the update {@link #beginUpdate} began as ended. */
    static void endUpdate(List<Parameter> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).endUpdate();
        }
    }

    /**
     * Takes back the state changes of the last {@link #step} that went through: the slots, the step
     * count and the learning rate are as they were before it. The caller restores the parameters
     * (the trainer, after a divergence that step's values caused).
     *
     * @throws IllegalStateException if there is no such step (none yet, or it was refused or already undone)
     */
    void undoLastStep() {
        if (!undoable) {
            throw new IllegalStateException("this " + name() + " optimizer has no step to undo");
        }
        // apply() backed every slot up before it updated it; after a step that went through, the
        // backup still holds the slots as they were before it.
        restoreSlots();
        steps--;
        learningRate = rateBeforeStep;
        undoable = false;
    }

    /**
     * Updates every parameter, writing nothing unless every new value is finite. This default runs
     * {@link #update} on host copies in double, with the slots backed up so that a refused step
     * leaves them as they were.
     *
     * @param parameters the bound parameters
     * @throws NonFiniteUpdateException naming the first non-finite new value; nothing was written
     */
    void apply(List<Parameter> parameters) {
        if (values == null) {
            values = new double[parameters.size()][];
            grads = new double[parameters.size()][];
            for (int i = 0; i < parameters.size(); i++) {
                values[i] = new double[parameters.get(i).value().size()];
                grads[i] = new double[values[i].length];
            }
        }
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            p.value().copyTo(values[i]);
            p.gradient().copyTo(grads[i]);
            for (int k = 0; k < slots[i].length; k++) {
                System.arraycopy(slots[i][k], 0, backup[i][k], 0, slots[i][k].length);
            }
            update(values[i], grads[i], slots[i], steps);
        }
        // Nothing is written back until every updated value is finite in the parameter's dtype (a
        // finite double above Float.MAX_VALUE becomes infinite in a FLOAT32 tensor) and every slot is
        // finite, so a bad update leaves the parameters and this optimizer exactly as they were.
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            boolean narrow = p.value().dtype() == DType.FLOAT32;
            int cols = p.value().cols();
            double[] v = values[i];
            for (int j = 0; j < v.length; j++) {
                if (narrow ? !Float.isFinite((float) v[j]) : !Double.isFinite(v[j])) {
                    restoreSlots();
                    throw new NonFiniteUpdateException(p.name(), j / cols, j % cols, narrow ? (float) v[j] : v[j], v[j], p.value().dtype());
                }
            }
            for (int k = 0; k < slots[i].length; k++) {
                double[] s = slots[i][k];
                for (int j = 0; j < s.length; j++) {
                    if (!Double.isFinite(s[j])) {
                        restoreSlots();
                        throw new NonFiniteUpdateException(p.name() + " (" + name() + " " + slotName(k) + ")", j / cols, j % cols, s[j],
                                s[j], DType.FLOAT64);
                    }
                }
            }
        }
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).value().copyFrom(values[i]);
        }
    }

    private void restoreSlots() {
        for (int q = 0; q < slots.length; q++) {
            for (int k = 0; k < slots[q].length; k++) {
                System.arraycopy(backup[q][k], 0, slots[q][k], 0, slots[q][k].length);
            }
        }
    }

    /** {@return whether slot k can never be negative (a sum or mean of squares), which a checkpoint load checks} */
    boolean slotNonNegative(int k) {
        return false;
    }

    /** {@return what slot k holds, for messages (e.g. Adam's "second moment")} */
    String slotName(int k) {
        return "slot " + k;
    }

    /**
     * Throws unless this optimizer is unbound or bound to these very parameter objects.
     *
     * @param what the operation, for the message
     */
    void requireBoundTo(List<Parameter> parameters, String what) {
        if (bound == null || bound == parameters) {
            return;
        }
        // The very same parameters in another list are fine; another model's, even of the same
        // shapes, would silently share this optimizer's state.
        boolean same = bound.size() == parameters.size();
        for (int i = 0; same && i < bound.size(); i++) {
            same = bound.get(i) == parameters.get(i);
        }
        if (!same) {
            throw new IllegalArgumentException("this " + name() + " optimizer already holds state for the parameters "
                    + bound + " of another model; it cannot " + what + " " + parameters + " (use one optimizer per model)");
        }
    }

    private void bind(List<Parameter> parameters) {
        if (bound == parameters) {
            return;
        }
        if (bound != null) {
            requireBoundTo(parameters, "step");
            bound = parameters;
            return;
        }
        bound = parameters;
        values = null;
        grads = null;
        released();
        slots = new double[parameters.size()][slotCount()][];
        backup = new double[parameters.size()][slotCount()][];
        for (int i = 0; i < parameters.size(); i++) {
            int n = parameters.get(i).value().size();
            for (int k = 0; k < slotCount(); k++) {
                slots[i][k] = new double[n];
                backup[i][k] = new double[n];
            }
        }
    }

    /** Drops what an optimizer keeps for the parameters it was bound to, as they are about to change. */
    void released() {
    }

    /** State for checkpoints: [parameter][slot][element], or null before the first step. */
    double[][][] state() {
        return slots;
    }

    /** Restores state from a checkpoint (shapes are checked against the parameters on the next step). */
    void restore(List<Parameter> parameters, long stepCount, double[][][] state) {
        undoable = false;
        bound = null;
        bind(parameters);
        for (int i = 0; i < state.length; i++) {
            for (int k = 0; k < state[i].length; k++) {
                if (state[i][k].length != slots[i][k].length) {
                    throw new IllegalArgumentException("optimizer state for " + parameters.get(i).name() + " has "
                            + state[i][k].length + " values but the parameter has " + slots[i][k].length);
                }
                System.arraycopy(state[i][k], 0, slots[i][k], 0, state[i][k].length);
            }
        }
        this.steps = stepCount;
    }

    /**
     * Copies this optimizer's state, for data-parallel training that averages it across replicas
     * (rnn4j-spark's parameter averaging).
     *
     * @return a new array {@code [parameter][slot][element]} in the bound parameters' order (empty
     *         slots for SGD), or null before the first step
     */
    public double[][][] stateCopy() {
        if (slots == null) {
            return null;
        }
        double[][][] copy = new double[slots.length][][];
        for (int i = 0; i < slots.length; i++) {
            copy[i] = new double[slots[i].length][];
            for (int k = 0; k < slots[i].length; k++) {
                copy[i][k] = slots[i][k].clone();
            }
        }
        return copy;
    }

    /**
     * Binds this optimizer to parameters and overwrites its step count and state, as if it had
     * taken those steps: the inverse of {@link #stateCopy()}.
     *
     * @param parameters the parameters the state belongs to
     * @param stepCount the number of steps taken (at least 0)
     * @param state (input, not modified) {@code [parameter][slot][element]} as {@link #stateCopy()} returns it
     * @throws IllegalArgumentException naming the parameter whose state does not fit, or a bad count
     */
    public void restoreState(List<Parameter> parameters, long stepCount, double[][][] state) {
        Checks.requireNonNull("parameters", parameters);
        Checks.requireNonNull("state", state);
        if (stepCount < 0) {
            throw new IllegalArgumentException("step count must be at least 0, got " + stepCount);
        }
        if (state.length != parameters.size()) {
            throw new IllegalArgumentException("state for " + state.length + " parameters but there are " + parameters.size());
        }
        for (int i = 0; i < state.length; i++) {
            if (Checks.requireNonNull("state[" + i + "]", state[i]).length != slotCount()) {
                throw new IllegalArgumentException("state of " + parameters.get(i).name() + " has " + state[i].length
                        + " slots but " + name() + " keeps " + slotCount());
            }
            for (int k = 0; k < state[i].length; k++) {
                Checks.requireNonNull("state[" + i + "][" + k + "]", state[i][k]);
            }
        }
        restore(parameters, stepCount, state);
    }

    /**
     * Recreates an optimizer from what a checkpoint stores.
     *
     * @throws IllegalArgumentException for an unknown name, a constant count other than the
     *         optimizer's, or a constant out of its range
     */
    static Optimizer create(String name, double learningRate, double[] h) {
        switch (name) {
            case "sgd":
                requireConstants(name, h);
                return new Sgd(learningRate);
            case "momentum":
                requireConstants(name, h, "momentum", "nesterov");
                if (h[1] != 0 && h[1] != 1) {
                    throw new IllegalArgumentException("momentum's nesterov flag must be 0 or 1, got " + h[1]);
                }
                return new Momentum(learningRate, h[0], h[1] != 0);
            case "adagrad":
                requireConstants(name, h, "epsilon");
                return new Adagrad(learningRate, h[0]);
            case "rmsprop":
                requireConstants(name, h, "decay", "epsilon");
                return new RmsProp(learningRate, h[0], h[1]);
            case "adam":
                requireConstants(name, h, "beta1", "beta2", "epsilon");
                return new Adam(learningRate, h[0], h[1], h[2]);
            default:
                throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: sgd, momentum, adagrad, rmsprop, adam");
        }
    }

    private static void requireConstants(String name, double[] h, String... names) {
        if (h.length != names.length) {
            throw new IllegalArgumentException(name + " takes " + names.length + " constant(s) ("
                    + (names.length == 0 ? "none" : String.join(", ", names)) + "), got " + h.length);
        }
    }

    private static double requireUnit(String what, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1), got " + v);
        }
        return v;
    }

    private static double requirePositive(String what, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
        }
        return v;
    }

    @Override
    public String toString() {
        return name() + "(lr=" + learningRate + ")";
    }

    static final class Sgd extends Optimizer {
        Sgd(double lr) {
            super(lr);
        }

        @Override
        public String name() {
            return "sgd";
        }

        @Override
        double[] hyperparameters() {
            return new double[0];
        }

        @Override
        int slotCount() {
            return 0;
        }

        /** Per parameter, the new values before they are written, on the parameter's backend. */
        private Tensor[] candidates;

        @Override
        void released() {
            candidates = null;
        }

        /**
         * SGD has no state to keep, so its update runs on the backend, in the parameters' dtype:
         * {@code w − lr·g} into a candidate tensor (one axpy), checked finite with one squared norm,
         * and copied over the parameters once every candidate is finite. No host copies: for a large
         * FLOAT32 model on a native backend this is several times faster than the host path.
         */
        @Override
        void apply(List<Parameter> parameters) {
            if (candidates == null) {
                candidates = new Tensor[parameters.size()];
                for (int i = 0; i < candidates.length; i++) {
                    Tensor v = parameters.get(i).value();
                    candidates[i] = v.backend().zeros(v.dtype(), v.rows(), v.cols());
                }
            }
            double lr = learningRate();
            for (int i = 0; i < candidates.length; i++) {
                Parameter p = parameters.get(i);
                Backend be = p.value().backend();
                be.copyInto(p.value(), candidates[i]);
                be.axpyInto(-lr, p.gradient(), candidates[i]);
                int at = Checks.firstNonFinite(candidates[i]);
                if (at >= 0) {
                    int cols = candidates[i].cols();
                    double bad = candidates[i].get(at / cols, at % cols);
                    throw new NonFiniteUpdateException(p.name(), at / cols, at % cols, bad, bad, p.value().dtype());
                }
            }
            for (int i = 0; i < candidates.length; i++) {
                Parameter p = parameters.get(i);
                p.value().backend().copyInto(candidates[i], p.value());
            }
        }
    }

    static final class Momentum extends Optimizer {
        private final double mu;
        private final boolean nesterov;

        Momentum(double lr, double mu, boolean nesterov) {
            super(lr);
            this.mu = requireUnit("momentum", mu);
            this.nesterov = nesterov;
        }

        @Override
        public String name() {
            return "momentum";
        }

        @Override
        double[] hyperparameters() {
            return new double[] {mu, nesterov ? 1 : 0};
        }

        @Override
        String slotName(int k) {
            return "velocity";
        }

        @Override
        int slotCount() {
            return 1;
        }

        @Override
        void update(double[] w, double[] g, double[][] s, long t) {
            double lr = learningRate();
            double[] v = s[0];
            for (int i = 0; i < w.length; i++) {
                v[i] = mu * v[i] - lr * g[i];
                w[i] += nesterov ? mu * v[i] - lr * g[i] : v[i];
            }
        }
    }

    static final class Adagrad extends Optimizer {
        private final double eps;

        Adagrad(double lr, double eps) {
            super(lr);
            this.eps = requirePositive("epsilon", eps);
        }

        @Override
        public String name() {
            return "adagrad";
        }

        @Override
        double[] hyperparameters() {
            return new double[] {eps};
        }

        @Override
        boolean slotNonNegative(int k) {
            return true;
        }

        @Override
        String slotName(int k) {
            return "sum of squared gradients";
        }

        @Override
        int slotCount() {
            return 1;
        }

        @Override
        void update(double[] w, double[] g, double[][] s, long t) {
            double lr = learningRate();
            double[] acc = s[0];
            for (int i = 0; i < w.length; i++) {
                acc[i] += g[i] * g[i];
                w[i] -= lr * g[i] / (Math.sqrt(acc[i]) + eps);
            }
        }
    }

    static final class RmsProp extends Optimizer {
        private final double rho;
        private final double eps;

        RmsProp(double lr, double rho, double eps) {
            super(lr);
            this.rho = requireUnit("decay", rho);
            this.eps = requirePositive("epsilon", eps);
        }

        @Override
        public String name() {
            return "rmsprop";
        }

        @Override
        double[] hyperparameters() {
            return new double[] {rho, eps};
        }

        @Override
        boolean slotNonNegative(int k) {
            return true;
        }

        @Override
        String slotName(int k) {
            return "mean square";
        }

        @Override
        int slotCount() {
            return 1;
        }

        @Override
        void update(double[] w, double[] g, double[][] s, long t) {
            double lr = learningRate();
            double[] avg = s[0];
            for (int i = 0; i < w.length; i++) {
                avg[i] = rho * avg[i] + (1 - rho) * g[i] * g[i];
                w[i] -= lr * g[i] / (Math.sqrt(avg[i]) + eps);
            }
        }
    }

    static final class Adam extends Optimizer {
        private final double beta1;
        private final double beta2;
        private final double eps;

        Adam(double lr, double beta1, double beta2, double eps) {
            super(lr);
            this.beta1 = requireUnit("beta1", beta1);
            this.beta2 = requireUnit("beta2", beta2);
            this.eps = requirePositive("epsilon", eps);
        }

        @Override
        public String name() {
            return "adam";
        }

        @Override
        double[] hyperparameters() {
            return new double[] {beta1, beta2, eps};
        }

        @Override
        boolean slotNonNegative(int k) {
            return k == 1;
        }

        @Override
        String slotName(int k) {
            return k == 0 ? "first moment" : "second moment";
        }

        @Override
        int slotCount() {
            return 2;
        }

        @Override
        void update(double[] w, double[] g, double[][] s, long t) {
            double lr = learningRate();
            double[] m = s[0];
            double[] v = s[1];
            double c1 = 1 - Math.pow(beta1, t);
            double c2 = 1 - Math.pow(beta2, t);
            for (int i = 0; i < w.length; i++) {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                w[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
            }
        }
    }
}
