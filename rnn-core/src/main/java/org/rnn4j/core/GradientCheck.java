package org.rnn4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import org.rnn4j.api.DType;
import org.rnn4j.api.Parameter;
import org.rnn4j.api.Tensor;

/**
 * Checks analytic gradients against central finite differences, the way DL4J's GradientCheckUtil
 * does: FLOAT64 only, every element of every parameter,
 * {@code numeric = (L(θ+ε) − L(θ−ε)) / 2ε}, relative error {@code |a − n| / (|a| + |n|)} (0/0 counts
 * as 0), and an absolute floor below which a difference passes whatever its relative size (both
 * values are then rounding noise).
 */
public final class GradientCheck {

    /** Default step ε: the usual compromise between truncation (ε²) and rounding (1e-16/ε) error. */
    public static final double DEFAULT_EPSILON = 1e-6;
    /** Default largest relative error that passes. */
    public static final double DEFAULT_MAX_RELATIVE_ERROR = 1e-6;
    /** Default absolute difference below which an element passes regardless of relative error. */
    public static final double DEFAULT_ABSOLUTE_FLOOR = 1e-9;

    private GradientCheck() {
    }

    /** The outcome for one element that failed, or the worst element of a parameter. */
    public static final class Entry {
        private final String parameter;
        private final int row;
        private final int col;
        private final double analytic;
        private final double numeric;
        private final double relativeError;

        Entry(String parameter, int row, int col, double analytic, double numeric, double relativeError) {
            this.parameter = parameter;
            this.row = row;
            this.col = col;
            this.analytic = analytic;
            this.numeric = numeric;
            this.relativeError = relativeError;
        }

        /** {@return the parameter's name} */
        public String parameter() {
            return parameter;
        }

        /** {@return the relative error |a − n| / (|a| + |n|)} */
        public double relativeError() {
            return relativeError;
        }

        /** {@return the analytic gradient} */
        public double analytic() {
            return analytic;
        }

        /** {@return the central-difference gradient} */
        public double numeric() {
            return numeric;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s[%d,%d]: analytic %.10g, numeric %.10g, relative error %.3g",
                    parameter, row, col, analytic, numeric, relativeError);
        }
    }

    /** The outcome of a check. */
    public static final class Result {
        private final List<Entry> failures;
        private final List<Entry> worst;
        private final int checked;

        Result(List<Entry> failures, List<Entry> worst, int checked) {
            this.failures = List.copyOf(failures);
            this.worst = List.copyOf(worst);
            this.checked = checked;
        }

        /** {@return true if every element passed} */
        public boolean passed() {
            return failures.isEmpty();
        }

        /** {@return the elements that failed} */
        public List<Entry> failures() {
            return failures;
        }

        /** {@return the worst element of each parameter, in the order checked} */
        public List<Entry> worstPerParameter() {
            return worst;
        }

        /** {@return the number of elements checked} */
        public int checked() {
            return checked;
        }

        /** {@return the largest relative error over every element (counting only those above the absolute floor)} */
        public double maxRelativeError() {
            double m = 0;
            for (Entry e : worst) {
                m = Math.max(m, e.relativeError);
            }
            return m;
        }

        @Override
        public String toString() {
            return (passed() ? "passed" : failures.size() + " of " + checked + " failed, first: " + failures.get(0))
                    + "; worst per parameter: " + worst;
        }
    }

    /**
     * Checks every element of the given parameters. Their gradient buffers must already hold the
     * analytic gradient of {@code loss} at the current values; they are read once, before any
     * perturbation (so {@code loss} may overwrite them). Values are restored exactly afterwards.
     *
     * @param parameters the parameters to check (FLOAT64), e.g. the model's plus one for h0
     * @param loss recomputes the loss at the current parameter values
     * @param epsilon the finite-difference step ε
     * @param maxRelativeError the largest relative error that passes
     * @param absoluteFloor differences below this pass
     * @return the outcome, with the failures and the worst element per parameter
     */
    public static Result check(List<Parameter> parameters, DoubleSupplier loss, double epsilon, double maxRelativeError, double absoluteFloor) {
        Checks.requireNonNull("parameters", parameters);
        Checks.requireNonNull("loss", loss);
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be positive and finite, got " + epsilon);
        }
        if (!(maxRelativeError >= 0) || !(absoluteFloor >= 0)) {
            throw new IllegalArgumentException("maxRelativeError and absoluteFloor must be at least 0, got " + maxRelativeError + " and "
                    + absoluteFloor);
        }
        List<double[]> analytic = new ArrayList<>();
        for (Parameter p : parameters) {
            if (p.value().dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("gradient checks need FLOAT64 (float32 rounding hides real errors), but "
                        + p.name() + " is " + p.value().dtype());
            }
            analytic.add(p.gradient().toDoubleArray());
        }
        List<Entry> failures = new ArrayList<>();
        List<Entry> worst = new ArrayList<>();
        int checked = 0;
        for (int pi = 0; pi < parameters.size(); pi++) {
            Parameter p = parameters.get(pi);
            Tensor t = p.value();
            Entry worstHere = null;
            for (int r = 0; r < t.rows(); r++) {
                for (int col = 0; col < t.cols(); col++) {
                    double original = t.get(r, col);
                    t.set(r, col, original + epsilon);
                    double plus = loss.getAsDouble();
                    t.set(r, col, original - epsilon);
                    double minus = loss.getAsDouble();
                    t.set(r, col, original);
                    double numeric = (plus - minus) / (2 * epsilon);
                    double a = analytic.get(pi)[r * t.cols() + col];
                    double diff = Math.abs(a - numeric);
                    double denom = Math.abs(a) + Math.abs(numeric);
                    double rel = denom == 0 ? 0 : diff / denom;
                    if (Double.isNaN(a) || Double.isNaN(numeric)) {
                        rel = Double.NaN;
                    }
                    Entry e = new Entry(p.name(), r, col, a, numeric, rel);
                    boolean pass = diff <= absoluteFloor || rel <= maxRelativeError;
                    if (!pass) {
                        failures.add(e);
                    }
                    if (diff > absoluteFloor && (worstHere == null || !(rel <= worstHere.relativeError))) {
                        worstHere = e;
                    }
                    checked++;
                }
            }
            worst.add(worstHere != null ? worstHere : new Entry(p.name(), 0, 0, 0, 0, 0));
        }
        return new Result(failures, worst, checked);
    }

    /**
     * Checks with the default ε, tolerance and floor.
     *
     * @param parameters the parameters to check (FLOAT64)
     * @param loss recomputes the loss at the current parameter values
     * @return the outcome
     */
    public static Result check(List<Parameter> parameters, DoubleSupplier loss) {
        return check(parameters, loss, DEFAULT_EPSILON, DEFAULT_MAX_RELATIVE_ERROR, DEFAULT_ABSOLUTE_FLOOR);
    }
}
