package org.rnn4j.spi.kit;

import org.rnn4j.api.Activation;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;

/**
 * The gated cells' element-wise steps in float: the FLOAT32 kernels of
 * {@link Backend#lstmForwardInto}, {@link Backend#lstmBackwardInto}, {@link Backend#gruForwardInto}
 * and {@link Backend#gruBackwardInto} (the per-element math of {@link GateLoops}, in float, with
 * {@link Activation#sigmoid(float)} and {@link Activation#tanh(float)}).
 *
 * <p>C2 compiles a loop to SIMD instructions only when its arrays are read and written from index 0
 * (with an offset, a transcendental costs about eight times more, see {@link FloatKernels}), and a
 * gate is an H-wide column block of every row. So the kernels work on a few rows at a time: they
 * read the rows through an {@link Io} into per-thread heap arrays, gather each gate block into a
 * compact array of its own with {@link System#arraycopy}, run plain loops there, and write the
 * rows back; the forward kernels gather the blocks straight from a tensor's array, and scatter the
 * cache straight into it, where {@link Io#array} gives one. {@link AbstractBackend} supplies the
 * {@link Io} through its {@code readFloats}, {@code writeFloats} and {@code floatArray}: element by
 * element and no array by default, a backend's own bulk copies and arrays where it overrides them.
 * After a thread's first call at a size, nothing is allocated.
 */
public final class FloatGateKernels {
    private FloatGateKernels() {
    }

    /** Moves a tensor's row-major values between it and a heap array. */
    public interface Io {
        /**
         * Copies {@code n} values of t from flat index {@code from} into {@code dst[0, n)}.
         *
         * @param t the tensor (FLOAT32)
         * @param from the first flat index
         * @param dst the destination
         * @param n how many
         */
        void read(Tensor t, int from, float[] dst, int n);

        /**
         * Copies {@code src[0, n)} into t from flat index {@code from}.
         *
         * @param src the source
         * @param t the tensor (FLOAT32)
         * @param from the first flat index
         * @param n how many
         */
        void write(float[] src, Tensor t, int from, int n);

        /**
         * Returns the heap array that holds t's row-major values from index 0, if there is one: the
         * forward kernels then gather gate blocks straight from it and scatter the cache straight into
         * it, instead of copying whole rows through {@link #read} and {@link #write} first (a third of
         * the copies of a GRU forward step, two fifths of an LSTM's).
         *
         * @param t the tensor (FLOAT32)
         * @return its array, or null (the default) to go through read and write
         */
        default float[] array(Tensor t) {
            return null;
        }
    }

    /** Floats in the wide array of a chunk: 32 KB, so that a chunk's arrays stay in the L2 cache. */
    static final int CHUNK = 8192;

    /** Compact B×H arrays a kernel uses at most. */
    private static final int PARTS = 8;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** A thread's arrays: one wide (rows × up to 6H) and {@link #PARTS} compact (rows × H). */
    private static final class Scratch {
        float[] wide = new float[0];
        final float[][] part = new float[PARTS][0];

        /** Makes room for a chunk of that many rows of H, at most 6 blocks wide; returns the rows. */
        int chunk(int batch, int hidden) {
            int rows = Math.max(1, Math.min(batch, CHUNK / (6 * hidden)));
            if (wide.length < rows * 6 * hidden) {
                wide = new float[rows * 6 * hidden];
                for (int k = 0; k < PARTS; k++) {
                    part[k] = new float[rows * hidden];
                }
            }
            return rows;
        }
    }

    /**
     * {@link Backend#lstmForwardInto} in float.
     *
     * @param io reads and writes the tensors
     * @param gates input, B×4H
     * @param cPrev input, B×H
     * @param h output, B×H
     * @param c output, B×H
     * @param cache output, B×6H
     * @param hidden H
     */
    public static void lstmForward(Io io, Tensor gates, Tensor cPrev, Tensor h, Tensor c, Tensor cache, int hidden) {
        Scratch s = SCRATCH.get();
        int batch = gates.rows();
        int step = s.chunk(batch, hidden);
        float[] w = s.wide;
        float[] i = s.part[0];
        float[] f = s.part[1];
        float[] g = s.part[2];
        float[] o = s.part[3];
        float[] cp = s.part[4];
        float[] ct = s.part[5];
        float[] tc = s.part[6];
        float[] ht = s.part[7];
        for (int r0 = 0; r0 < batch; r0 += step) {
            int rows = Math.min(step, batch - r0);
            int m = rows * hidden;
            gather(io, gates, r0, 4, w, s.part, 0, rows, hidden);  // i, f, g, o
            io.read(cPrev, r0 * hidden, cp, m);
            sigmoid(i, m);
            sigmoid(f, m);
            FloatKernels.activate(Activation.TANH, g, g, m);
            sigmoid(o, m);
            for (int x = 0; x < m; x++) {
                ct[x] = f[x] * cp[x] + i[x] * g[x];                 // c_t = f ⊙ c_{t-1} + i ⊙ g
            }
            FloatKernels.activate(Activation.TANH, ct, tc, m);
            for (int x = 0; x < m; x++) {
                ht[x] = o[x] * tc[x];                               // h_t = o ⊙ tanh(c_t)
            }
            io.write(ht, h, r0 * hidden, m);
            io.write(ct, c, r0 * hidden, m);
            float[] k = io.array(cache);
            float[] dst = k != null ? k : w;
            int at = k != null ? r0 * 6 * hidden : 0;
            join(s.part, 0, 4, dst, at, 6, rows, hidden, 0);        // cache: i, f, g, o,
            join(s.part, 4, 1, dst, at, 6, rows, hidden, 4);        // c_{t-1},
            join(s.part, 6, 1, dst, at, 6, rows, hidden, 5);        // tanh(c_t)
            if (k == null) {
                io.write(w, cache, r0 * 6 * hidden, rows * 6 * hidden);
            }
        }
    }

    /**
     * {@link Backend#lstmBackwardInto} in float.
     *
     * @param io reads and writes the tensors
     * @param cache input, B×6H
     * @param dh input, B×H
     * @param dc input, B×H
     * @param dGates output, B×4H
     * @param dcPrev output, B×H (may be dc)
     * @param hidden H
     */
    public static void lstmBackward(Io io, Tensor cache, Tensor dh, Tensor dc, Tensor dGates, Tensor dcPrev, int hidden) {
        Scratch s = SCRATCH.get();
        int batch = cache.rows();
        int step = s.chunk(batch, hidden);
        float[] w = s.wide;
        float[] i = s.part[0];
        float[] f = s.part[1];
        float[] g = s.part[2];
        float[] o = s.part[3];
        float[] cp = s.part[4];
        float[] tc = s.part[5];
        float[] dht = s.part[6];
        float[] dct = s.part[7];
        for (int r0 = 0; r0 < batch; r0 += step) {
            int rows = Math.min(step, batch - r0);
            int m = rows * hidden;
            io.read(cache, r0 * 6 * hidden, w, rows * 6 * hidden);
            split(w, 0, 6, s.part, 0, rows, hidden);                 // i, f, g, o, c_{t-1}, tanh(c_t)
            io.read(dh, r0 * hidden, dht, m);
            io.read(dc, r0 * hidden, dct, m);
            for (int x = 0; x < m; x++) {
                // In place: each gate's array turns into its pre-activation's error, dc into dc_{t-1}.
                float d = dct[x] + dht[x] * o[x] * (1 - tc[x] * tc[x]);   // backprop through h = o ⊙ tanh(c)
                float gi = i[x];
                float gf = f[x];
                float gg = g[x];
                float go = o[x];
                i[x] = d * gg * gi * (1 - gi);
                f[x] = d * cp[x] * gf * (1 - gf);
                g[x] = d * gi * (1 - gg * gg);
                o[x] = dht[x] * tc[x] * go * (1 - go);
                dct[x] = d * gf;                                    // c_{t-1} reaches c_t through f
            }
            join(s.part, 0, 4, w, 4, rows, hidden);                 // dGates = [da_i, da_f, da_g, da_o]
            io.write(w, dGates, r0 * 4 * hidden, rows * 4 * hidden);
            io.write(dct, dcPrev, r0 * hidden, m);
        }
    }

    /**
     * {@link Backend#gruForwardInto} in float.
     *
     * @param io reads and writes the tensors
     * @param gx input, B×3H
     * @param gh input, B×3H
     * @param hPrev input, B×H
     * @param h output, B×H
     * @param cache output, B×5H
     * @param hidden H
     */
    public static void gruForward(Io io, Tensor gx, Tensor gh, Tensor hPrev, Tensor h, Tensor cache, int hidden) {
        Scratch s = SCRATCH.get();
        int batch = gx.rows();
        int step = s.chunk(batch, hidden);
        float[] w = s.wide;
        float[] r = s.part[0];
        float[] z = s.part[1];
        float[] n = s.part[2];
        float[] ghn = s.part[3];
        float[] hp = s.part[4];
        float[] ghr = s.part[5];
        float[] ghz = s.part[6];
        float[] ht = s.part[7];
        for (int r0 = 0; r0 < batch; r0 += step) {
            int rows = Math.min(step, batch - r0);
            int m = rows * hidden;
            gather(io, gx, r0, 3, w, s.part, 0, rows, hidden);     // gx_r, gx_z, gx_n
            float[] g = io.array(gh);
            int from = r0 * 3 * hidden;
            if (g == null) {
                io.read(gh, from, w, rows * 3 * hidden);
                g = w;
                from = 0;
            }
            copyBlock(g, 3 * hidden, from, ghr, hidden, 0, hidden, rows);
            copyBlock(g, 3 * hidden, from + hidden, ghz, hidden, 0, hidden, rows);
            copyBlock(g, 3 * hidden, from + 2 * hidden, ghn, hidden, 0, hidden, rows);
            io.read(hPrev, r0 * hidden, hp, m);
            for (int x = 0; x < m; x++) {
                r[x] += ghr[x];
                z[x] += ghz[x];
            }
            sigmoid(r, m);
            sigmoid(z, m);
            for (int x = 0; x < m; x++) {
                n[x] += r[x] * ghn[x];                              // reset after the product
            }
            FloatKernels.activate(Activation.TANH, n, n, m);
            for (int x = 0; x < m; x++) {
                ht[x] = (1 - z[x]) * n[x] + z[x] * hp[x];           // h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
            }
            io.write(ht, h, r0 * hidden, m);
            float[] k = io.array(cache);
            float[] dst = k != null ? k : w;
            int at = k != null ? r0 * 5 * hidden : 0;
            join(s.part, 0, 5, dst, at, 5, rows, hidden, 0);        // cache: r, z, n, gh_n, h_{t-1}
            if (k == null) {
                io.write(w, cache, r0 * 5 * hidden, rows * 5 * hidden);
            }
        }
    }

    /**
     * {@link Backend#gruBackwardInto} in float.
     *
     * @param io reads and writes the tensors
     * @param cache input, B×5H
     * @param dh input, B×H
     * @param dGx output, B×3H
     * @param dGh output, B×3H
     * @param dhPrev output, B×H (may be dh)
     * @param hidden H
     */
    public static void gruBackward(Io io, Tensor cache, Tensor dh, Tensor dGx, Tensor dGh, Tensor dhPrev, int hidden) {
        Scratch s = SCRATCH.get();
        int batch = cache.rows();
        int step = s.chunk(batch, hidden);
        float[] w = s.wide;
        float[] rg = s.part[0];
        float[] z = s.part[1];
        float[] n = s.part[2];
        float[] ghn = s.part[3];
        float[] hp = s.part[4];
        float[] d = s.part[5];
        for (int r0 = 0; r0 < batch; r0 += step) {
            int rows = Math.min(step, batch - r0);
            int m = rows * hidden;
            io.read(cache, r0 * 5 * hidden, w, rows * 5 * hidden);
            split(w, 0, 5, s.part, 0, rows, hidden);                 // r, z, n, gh_n, h_{t-1}
            io.read(dh, r0 * hidden, d, m);
            for (int x = 0; x < m; x++) {
                // In place: r, z, n turn into the errors of their pre-activations, gh_n into da_n ⊙ r, dh into dh_{t-1}.
                float dx = d[x];
                float gr = rg[x];
                float gz = z[x];
                float gn = n[x];
                float dan = dx * (1 - gz) * (1 - gn * gn);          // backprop through h = (1−z)n + z·h_{t-1}, n = tanh(·)
                rg[x] = dan * ghn[x] * gr * (1 - gr);
                z[x] = dx * (hp[x] - gn) * gz * (1 - gz);
                n[x] = dan;
                ghn[x] = dan * gr;
                d[x] = dx * gz;                                     // h_{t-1} reaches h_t through z
            }
            join(s.part, 0, 3, w, 3, rows, hidden);                 // dGx = [da_r, da_z, da_n]
            io.write(w, dGx, r0 * 3 * hidden, rows * 3 * hidden);
            copyBlock(ghn, hidden, 0, w, 3 * hidden, 2 * hidden, hidden, rows);   // dGh = [da_r, da_z, da_n ⊙ r]
            io.write(w, dGh, r0 * 3 * hidden, rows * 3 * hidden);
            io.write(d, dhPrev, r0 * hidden, m);
        }
    }

    /** {@code a[x] = σ(a[x])} for x in [0, n), with {@link Activation#sigmoid(float)}. */
    private static void sigmoid(float[] a, int n) {
        for (int x = 0; x < n; x++) {
            a[x] = Activation.sigmoid(a[x]);
        }
    }

    /** For every row r: {@code dst[r·dstWidth + dstCol, +count) = src[r·srcWidth + srcCol, +count)}. */
    private static void copyBlock(float[] src, int srcWidth, int srcCol, float[] dst, int dstWidth, int dstCol, int count, int rows) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, r * srcWidth + srcCol, dst, r * dstWidth + dstCol, count);
        }
    }

    /**
     * Column block b of rows [r0, r0 + rows) of t (blocks·H wide) goes to {@code into[first + b]}: from
     * t's array where {@link Io#array} gives one, else through w.
     */
    private static void gather(Io io, Tensor t, int r0, int blocks, float[] w, float[][] into, int first, int rows, int hidden) {
        float[] src = io.array(t);
        int base = r0 * blocks * hidden;
        if (src == null) {
            io.read(t, base, w, rows * blocks * hidden);
            src = w;
            base = 0;
        }
        split(src, base, blocks, into, first, rows, hidden);
    }

    /**
     * Column block b of the rows × (blocks·H) array that starts at {@code src[base]} goes to the compact
     * array {@code into[first + b]}.
     */
    private static void split(float[] src, int base, int blocks, float[][] into, int first, int rows, int hidden) {
        for (int b = 0; b < blocks; b++) {
            copyBlock(src, blocks * hidden, base + b * hidden, into[first + b], hidden, 0, hidden, rows);
        }
    }

    /** Compact arrays {@code from[first + b]} become column blocks b of a rows × (width·H) array. */
    private static void join(float[][] from, int first, int count, float[] dst, int width, int rows, int hidden) {
        join(from, first, count, dst, 0, width, rows, hidden, 0);
    }

    /**
     * Compact arrays {@code from[first + b]} become column blocks {@code at + b} of the rows × (width·H)
     * array that starts at {@code dst[base]}.
     */
    private static void join(float[][] from, int first, int count, float[] dst, int base, int width, int rows, int hidden, int at) {
        for (int b = 0; b < count; b++) {
            copyBlock(from[first + b], hidden, 0, dst, width * hidden, base + (at + b) * hidden, hidden, rows);
        }
    }
}
