package org.rnn4j.core;

import java.util.List;
import org.rnn4j.api.Parameter;

/** Gradient clipping, applied to the parameters' gradient buffers in place. */
public final class Clipping {
    private Clipping() {
    }

    /**
     * Clips every gradient element to [−limit, limit] (min-char-rnn uses 5).
     *
     * @param parameters whose gradients to clip
     * @param limit positive bound
     */
    public static void byValue(List<Parameter> parameters, double limit) {
        Checks.requireNonNull("parameters", parameters);
        if (!(limit > 0)) {
            throw new IllegalArgumentException("clip limit must be positive, got " + limit);
        }
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            p.value().backend().clipInto(-limit, limit, p.gradient(), p.gradient());
        }
    }

    /**
     * Returns the global L2 norm of all gradients, {@code √(Σ_p ‖g_p‖²)}.
     *
     * @param parameters the parameters
     * @return the norm
     */
    public static double globalNorm(List<Parameter> parameters) {
        Checks.requireNonNull("parameters", parameters);
        double sq = 0;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            sq += p.value().backend().squaredNorm(p.gradient());
        }
        return Math.sqrt(sq);
    }

    /**
     * Rescales all gradients together so that their global L2 norm is at most {@code maxNorm}
     * (Pascanu, Mikolov and Bengio, 2013): if the norm n exceeds it, every gradient is multiplied
     * by maxNorm / n, which keeps the update's direction.
     *
     * @param parameters whose gradients to clip
     * @param maxNorm positive bound
     * @return the global norm before clipping
     */
    public static double byGlobalNorm(List<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max norm must be positive, got " + maxNorm);
        }
        double norm = globalNorm(parameters);
        if (norm > maxNorm) {
            double scale = maxNorm / norm;
            for (int i = 0; i < parameters.size(); i++) {
                Parameter p = parameters.get(i);
                p.value().backend().scaleInto(scale, p.gradient(), p.gradient());
            }
        }
        return norm;
    }
}
