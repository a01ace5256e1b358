package org.rnn4j.spi.kit;

import org.rnn4j.api.Activation;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.kit.ElementLoops.Elements;

/**
 * The gated cells' element-wise steps in double over {@link Elements}: the FLOAT64 kernels of
 * {@link Backend#lstmForwardInto}, {@link Backend#lstmBackwardInto}, {@link Backend#gruForwardInto}
 * and {@link Backend#gruBackwardInto} for every backend, with σ and tanh from {@link Activation#apply}.
 * Row r, unit j of an operand with k H-wide blocks is element {@code r·k·H + block·H + j}. Each
 * element of an output is written after every read of the same element of the other operands, so
 * that the documented in-place pairs (dcPrev = dc, dhPrev = dh) work. FLOAT32 runs
 * {@link FloatGateKernels} instead, in float.
 */
public final class GateLoops {
    private GateLoops() {
    }

    private static double sigmoid(double a) {
        return Activation.SIGMOID.apply(a);
    }

    /**
     * {@link Backend#lstmForwardInto}.
     *
     * @param gates input, B×4H
     * @param cPrev input, B×H
     * @param h output, B×H
     * @param c output, B×H
     * @param cache output, B×6H
     * @param batch B
     * @param hidden H
     */
    public static void lstmForward(Elements gates, Elements cPrev, Elements h, Elements c, Elements cache, int batch, int hidden) {
        for (int r = 0; r < batch; r++) {
            int ga = r * 4 * hidden;
            int ka = r * 6 * hidden;
            int ha = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double i = sigmoid(gates.get(ga + j));
                double f = sigmoid(gates.get(ga + hidden + j));
                double g = Activation.tanh(gates.get(ga + 2 * hidden + j));
                double o = sigmoid(gates.get(ga + 3 * hidden + j));
                double cp = cPrev.get(ha + j);
                double ct = f * cp + i * g;                 // c_t = f ⊙ c_{t-1} + i ⊙ g
                double tc = Activation.tanh(ct);
                c.set(ha + j, ct);
                h.set(ha + j, o * tc);                      // h_t = o ⊙ tanh(c_t)
                cache.set(ka + j, i);
                cache.set(ka + hidden + j, f);
                cache.set(ka + 2 * hidden + j, g);
                cache.set(ka + 3 * hidden + j, o);
                cache.set(ka + 4 * hidden + j, cp);
                cache.set(ka + 5 * hidden + j, tc);
            }
        }
    }

    /**
     * {@link Backend#lstmBackwardInto}.
     *
     * @param cache input, B×6H
     * @param dh input, B×H
     * @param dc input, B×H
     * @param dGates output, B×4H
     * @param dcPrev output, B×H (may be dc)
     * @param batch B
     * @param hidden H
     */
    public static void lstmBackward(Elements cache, Elements dh, Elements dc, Elements dGates, Elements dcPrev, int batch, int hidden) {
        for (int r = 0; r < batch; r++) {
            int ga = r * 4 * hidden;
            int ka = r * 6 * hidden;
            int ha = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double i = cache.get(ka + j);
                double f = cache.get(ka + hidden + j);
                double g = cache.get(ka + 2 * hidden + j);
                double o = cache.get(ka + 3 * hidden + j);
                double cp = cache.get(ka + 4 * hidden + j);
                double tc = cache.get(ka + 5 * hidden + j);
                double dht = dh.get(ha + j);
                double dct = dc.get(ha + j) + dht * o * (1 - tc * tc);   // backprop through h = o ⊙ tanh(c)
                dGates.set(ga + j, dct * g * i * (1 - i));
                dGates.set(ga + hidden + j, dct * cp * f * (1 - f));
                dGates.set(ga + 2 * hidden + j, dct * i * (1 - g * g));
                dGates.set(ga + 3 * hidden + j, dht * tc * o * (1 - o));
                dcPrev.set(ha + j, dct * f);                              // c_{t-1} reaches c_t through f
            }
        }
    }

    /**
     * {@link Backend#gruForwardInto}.
     *
     * @param gx input, B×3H
     * @param gh input, B×3H
     * @param hPrev input, B×H
     * @param h output, B×H
     * @param cache output, B×5H
     * @param batch B
     * @param hidden H
     */
    public static void gruForward(Elements gx, Elements gh, Elements hPrev, Elements h, Elements cache, int batch, int hidden) {
        for (int r = 0; r < batch; r++) {
            int ga = r * 3 * hidden;
            int ka = r * 5 * hidden;
            int ha = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double rg = sigmoid(gx.get(ga + j) + gh.get(ga + j));
                double z = sigmoid(gx.get(ga + hidden + j) + gh.get(ga + hidden + j));
                double ghn = gh.get(ga + 2 * hidden + j);
                double n = Activation.tanh(gx.get(ga + 2 * hidden + j) + rg * ghn);   // reset after the product
                double hp = hPrev.get(ha + j);
                cache.set(ka + j, rg);
                cache.set(ka + hidden + j, z);
                cache.set(ka + 2 * hidden + j, n);
                cache.set(ka + 3 * hidden + j, ghn);
                cache.set(ka + 4 * hidden + j, hp);
                h.set(ha + j, (1 - z) * n + z * hp);
            }
        }
    }

    /**
     * {@link Backend#gruBackwardInto}.
     *
     * @param cache input, B×5H
     * @param dh input, B×H
     * @param dGx output, B×3H
     * @param dGh output, B×3H
     * @param dhPrev output, B×H (may be dh)
     * @param batch B
     * @param hidden H
     */
    public static void gruBackward(Elements cache, Elements dh, Elements dGx, Elements dGh, Elements dhPrev, int batch, int hidden) {
        for (int r = 0; r < batch; r++) {
            int ga = r * 3 * hidden;
            int ka = r * 5 * hidden;
            int ha = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double rg = cache.get(ka + j);
                double z = cache.get(ka + hidden + j);
                double n = cache.get(ka + 2 * hidden + j);
                double ghn = cache.get(ka + 3 * hidden + j);
                double hp = cache.get(ka + 4 * hidden + j);
                double d = dh.get(ha + j);
                double dan = d * (1 - z) * (1 - n * n);       // backprop through h = (1−z)n + z·h_{t-1}, n = tanh(·)
                double dar = dan * ghn * rg * (1 - rg);
                double daz = d * (hp - n) * z * (1 - z);
                dGx.set(ga + j, dar);
                dGx.set(ga + hidden + j, daz);
                dGx.set(ga + 2 * hidden + j, dan);
                dGh.set(ga + j, dar);
                dGh.set(ga + hidden + j, daz);
                dGh.set(ga + 2 * hidden + j, dan * rg);
                dhPrev.set(ha + j, d * z);                    // h_{t-1} reaches h_t through z
            }
        }
    }
}
