package org.rnn4j.backend.simd;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 gemm kernels on {@link FloatVector}: {@code C = α·op(A)·op(B) + β·C} over row-major
 * {@code float[]} storage, vectors of {@link VectorWidth#SHAPE} (the CPU's widest unless
 * {@value VectorWidth#PROPERTY} narrows it).
 *
 * <p>Generated from GemmD.java by Float32Generator (backend-simd's tests):
 * edit GemmD.java, not this file, and regenerate.
 *
 * <p>The general path packs a KC×NC block of op(B) into column panels NR wide and, where A is not read
 * in place, an MC×KC block of op(A) into row panels MR high, then runs an MR×NR register-blocked
 * micro-kernel over every row panel for one column panel at a time (MR = 6 rows, NR = two
 * vectors: twelve accumulators, two B vectors and one broadcast of A in the sixteen AVX2 registers;
 * four rows of three vectors need all sixteen and ran at 60% of this shape's speed on AVX2). With
 * 512-bit vectors, A read in place meets B two row panels at a time ({@link #TWELVE}). Each element of C is the same sequence of fused multiply-adds over k, KC at a time,
 * whatever block of C a call computes: splitting C between threads does not change the result.
 * A product with one row of op(A) runs as vector-times-matrix instead ({@link #rowTimesMatrix}).
 */
final class GemmF {
    static final VectorSpecies<Float> S = VectorSpecies.of(float.class, VectorWidth.SHAPE);
    static final int V = S.length();
    static final int MR = 6;
    static final int NR = 2 * V;
    static final int KC = 256;
    static final int NC = 16 * NR;
    /**
     * Whether A read in place meets B twelve rows at a time ({@link #kernelInPlace12}): with 512-bit
     * vectors (AVX-512: 32 vector registers) the 24 accumulators fit, and each load of B serves twice as
     * many rows; with AVX2's 16 registers they would not.
     */
    static final boolean TWELVE = S.vectorBitSize() >= 512;
    /** Rows of op(A) per block: sixteen row panels, packed together when A is transposed. */
    static final int MC = 16 * MR;
    /**
     * Up to this many rows of C in one call of {@link #block}, an untransposed B is read in place, not
     * packed: the backward's dGh·W (64×2048 by 2048×512, FLOAT32, one thread) ran 10-14% faster in place,
     * while with 96 rows (96×512 by 512×1024) packing was 15% faster (CPU-time medians of 301 calls,
     * alternating both ways in one JVM).
     */
    static final int B_IN_PLACE_ROWS = 64;
    /** From this many rows of B, one-row products take four rows a call ({@link #rowDotRows}). */
    static final int FOUR_ROWS_MIN = 256;

    /** Per-thread packing buffers, sized once: the kernels allocate nothing after a thread's first call. */
    private static final class Scratch {
        final float[] b = new float[KC * NC];
        final float[] a = new float[KC * MC];
        final float[] tile = new float[2 * MR * NR];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private GemmF() {
    }

    /** {@link #block(float, float[], int, boolean, float[], int, boolean, float[], float, float[], int, int, int, int, int, int, int) block} packing B itself. */
    static void block(float alpha, float[] a, int lda, boolean ta, float[] b, int ldb, boolean tb, float beta,
            float[] c, int crs, int ccs, int k, int i0, int i1, int j0, int j1) {
        block(alpha, a, lda, ta, b, ldb, tb, null, beta, c, crs, ccs, k, i0, i1, j0, j1);
    }

    /** The number of values {@link #packAll} writes for a k×n op(B). */
    static int packedSize(int k, int n) {
        return (n + NR - 1) / NR * NR * k;
    }

    /** All of op(B), k×n, into column panels NR wide and k deep: panel q's row kk at out[q·k·NR + kk·NR]. */
    static void packAll(float[] b, int ldb, boolean tb, int k, int n, float[] out) {
        packB(b, ldb, tb, 0, k, 0, n, out);
    }

    /**
     * Computes rows [i0, i1) and columns [j0, j1) of a product P = α·op(A)·op(B) + β·P by the packed
     * path, P's element (i, j) stored at {@code c[i·crs + j·ccs]}: C itself (crs = its width, ccs = 1),
     * or Cᵀ (crs = 1, ccs = C's width) when the caller computes Cᵀ = op(B)ᵀ·op(A)ᵀ to pack less.
     * A is read in place where whole tiles of rows fit (transposed, unless its rows are a multiple of
     * 4 KB apart); otherwise its rows are packed.
     *
     * @param alpha α
     * @param a A's storage; op(A) is m×k
     * @param lda A's number of columns
     * @param ta whether op(A) = Aᵀ
     * @param b B's storage; op(B) is k×n
     * @param ldb B's number of columns
     * @param tb whether op(B) = Bᵀ
     * @param packed all of op(B) packed by {@link #packAll} (its panels then start at j0, a multiple of
     *     NR), or null to pack each block of op(B) here
     * @param beta β (C is not read when 0)
     * @param c P's storage (updated in the block)
     * @param crs P's row stride in c
     * @param ccs P's column stride in c
     * @param k the inner dimension
     * @param i0 first row
     * @param i1 end row (exclusive)
     * @param j0 first column
     * @param j1 end column (exclusive)
     */
    static void block(float alpha, float[] a, int lda, boolean ta, float[] b, int ldb, boolean tb, float[] packed, float beta,
            float[] c, int crs, int ccs, int k, int i0, int i1, int j0, int j1) {
        Scratch s = SCRATCH.get();
        // B read in place (a panel's row kk at b[(pc + kk)·ldb + jc + jr]) when few rows of C reuse
        // each packed panel: packing then costs more than it saves. Edge panels narrower than NR are packed.
        boolean bInPlace = packed == null && !tb && i1 - i0 <= B_IN_PLACE_ROWS;
        // A in place is read twelve rows at a time where the vectors allow it.
        boolean twelve = TWELVE && !ta;
        // A transposed is read in place too (a step's MR values are contiguous), unless its rows are a
        // multiple of 4 KB apart: then every step of a tile falls into the same L1 set.
        boolean taInPlace = ta && lda * (S.elementSize() / 8) % 4096 != 0;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                if (packed != null) {
                    // B was packed whole before the call (packAll)
                } else if (bInPlace) {
                    int full = nc - nc % NR;
                    if (full < nc) {
                        packB(b, ldb, false, pc, kc, jc + full, nc - full, s.b);
                    }
                } else {
                    packB(b, ldb, tb, pc, kc, jc, nc, s.b);
                }
                boolean first = pc == 0;
                for (int ic = i0; ic < i1; ic += MC) {
                    int ie = Math.min(ic + MC, i1);
                    for (int i = ic, pa = 0; i < ie; i += MR, pa += kc * MR) {
                        int rows = Math.min(MR, ie - i);
                        if (rows < MR || ta && !taInPlace) {
                            packA(a, lda, ta, i, rows, pc, kc, s.a, pa);
                        }
                    }
                    // One column panel of B (kc·NR values) against every row panel of the block: the
                    // panel is reused from L1 while A, a sixth of its size per step, streams past it.
                    // Row panels outside (each against every column panel, as before 7 December 2026)
                    // reread B from L2 for every six rows: 1-6% slower over a step's products.
                    for (int jr = 0, p = 0; jr < nc; jr += NR, p += kc * NR) {
                        int cols = Math.min(NR, nc - jr);
                        float[] bp = s.b;
                        int pb = p;
                        int bks = NR;
                        if (packed != null) {
                            bp = packed;
                            pb = (jc + jr) / NR * k * NR + pc * NR;
                        } else if (bInPlace) {
                            if (cols == NR) {
                                bp = b;
                                pb = pc * ldb + jc + jr;
                                bks = ldb;
                            } else {
                                pb = 0;
                            }
                        }
                        for (int i = ic, pa = 0; i < ie; i += MR, pa += kc * MR) {
                            int rows = Math.min(MR, ie - i);
                            int ci = i * crs + (jc + jr) * ccs;
                            if (twelve && ie - i >= 2 * MR) {
                                // Two tiles at once: the same chains of fused multiply-adds, half the loads of B.
                                kernelInPlace12(a, i * lda + pc, lda, bp, pb, bks, kc, c, ci, crs, ccs, cols, alpha, beta, first, s.tile);
                                i += MR;
                                pa += kc * MR;
                            } else if (!ta && rows == MR) {
                                kernelInPlace(a, i * lda + pc, lda, bp, pb, bks, kc, c, ci, crs, ccs, rows, cols, alpha, beta, first, s.tile);
                            } else if (taInPlace && rows == MR) {
                                kernelPacked(a, pc * lda + i, lda, bp, pb, bks, kc, c, ci, crs, ccs, rows, cols, alpha, beta, first, s.tile);
                            } else {
                                kernelPacked(s.a, pa, MR, bp, pb, bks, kc, c, ci, crs, ccs, rows, cols, alpha, beta, first, s.tile);
                            }
                        }
                    }
                }
            }
        }
    }

    /** op(B)[pc..pc+kc)[jc..jc+nc) into panels: panel p holds kc rows of NR values, zero beyond nc. */
    private static void packB(float[] b, int ldb, boolean tb, int pc, int kc, int jc, int nc, float[] out) {
        for (int jr = 0, p = 0; jr < nc; jr += NR, p += kc * NR) {
            int w = Math.min(NR, nc - jr);
            if (!tb && w == NR) {
                // Two vectors a row, not System.arraycopy of NR values: its stub's call per row was 14 % of
                // the backward's products in the large Elman step (FLOAT32, 512-bit), and the step took
                // 50.2 ms instead of 52.8 (benchmarks/results/copies-2026-12-07/).
                for (int kk = 0, src = pc * ldb + jc + jr, dst = p; kk < kc; kk++, src += ldb, dst += NR) {
                    FloatVector.fromArray(S, b, src).intoArray(out, dst);
                    FloatVector.fromArray(S, b, src + V).intoArray(out, dst + V);
                }
            } else if (!tb) {
                for (int kk = 0; kk < kc; kk++) {
                    int dst = p + kk * NR;
                    System.arraycopy(b, (pc + kk) * ldb + jc + jr, out, dst, w);
                    for (int jj = w; jj < NR; jj++) {
                        out[dst + jj] = 0.0f;
                    }
                }
            } else {
                for (int jj = 0; jj < NR; jj++) {
                    if (jj < w) {
                        int src = (jc + jr + jj) * ldb + pc;
                        for (int kk = 0; kk < kc; kk++) {
                            out[p + kk * NR + jj] = b[src + kk];
                        }
                    } else {
                        for (int kk = 0; kk < kc; kk++) {
                            out[p + kk * NR + jj] = 0.0f;
                        }
                    }
                }
            }
        }
    }

    /** op(A)[i..i+rows)[pc..pc+kc) as out[at + kk·MR + r], zero for r ≥ rows. */
    private static void packA(float[] a, int lda, boolean ta, int i, int rows, int pc, int kc, float[] out, int at) {
        if (ta && rows == MR) {
            for (int kk = 0, src = pc * lda + i, dst = at; kk < kc; kk++, src += lda, dst += MR) {
                out[dst] = a[src];
                out[dst + 1] = a[src + 1];
                out[dst + 2] = a[src + 2];
                out[dst + 3] = a[src + 3];
                out[dst + 4] = a[src + 4];
                out[dst + 5] = a[src + 5];
            }
        } else if (ta) {
            for (int kk = 0; kk < kc; kk++) {
                int src = (pc + kk) * lda + i;
                int dst = at + kk * MR;
                for (int r = 0; r < MR; r++) {
                    out[dst + r] = r < rows ? a[src + r] : 0.0f;
                }
            }
        } else {
            for (int r = 0; r < MR; r++) {
                if (r < rows) {
                    int src = (i + r) * lda + pc;
                    for (int kk = 0; kk < kc; kk++) {
                        out[at + kk * MR + r] = a[src + kk];
                    }
                } else {
                    for (int kk = 0; kk < kc; kk++) {
                        out[at + kk * MR + r] = 0.0f;
                    }
                }
            }
        }
    }

    /**
     * The micro-kernel on a packed panel of A, element r of step kk at {@code ap[pa + kk·aks + r]} (aks = MR),
     * or on a transposed A in place (aks = lda); step kk of B's panel starts at {@code bp[pb + kk·bks]},
     * packed (bks = NR) or in place (bks = ldb). Read in place, the products with A transposed (the
     * weight gradients dW = dGᵀ·H and dU = dGᵀ·X) ran 4-6 % faster at rows 2 and 6 KB apart (Elman and
     * GRU, H = 512), 6-8 % slower at 8 KB (LSTM), so rows a multiple of 4 KB apart are still packed
     * (benchmarks/results/copies-2026-12-07/abt.log).
     *
     * <p>A packed and A in place are two methods so that A's offsets are constants or loop invariants
     * plus the step, which C2 compiles to plain loads; one method with A's row and step strides as
     * arguments ran at 139-164 GFLOP/s on one core where the packed kernel runs at 196-216 and the one
     * in place at 167-198 (FLOAT32, 512-bit vectors, operands in cache; B's stride as an argument
     * costs nothing measurable; benchmarks/results/gemm-2026-12-06/mk.log).
     */
    private static void kernelPacked(float[] ap, int pa, int aks, float[] bp, int pb, int bks, int kc, float[] c, int ci, int crs, int ccs,
            int rows, int cols, float alpha, float beta, boolean first, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        for (int kk = 0; kk < kc; kk++, pa += aks, pb += bks) {
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + V);
            FloatVector x = FloatVector.broadcast(S, ap[pa]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[pa + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[pa + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[pa + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[pa + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[pa + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        // Through the tile, and C updated in a loop: twelve inlined stores exceed C2's node budget
        // (NodeCountInliningCutoff) and the accumulators would then be boxed on every call.
        c00.intoArray(tile, 0);
        c01.intoArray(tile, V);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + V);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + V);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + V);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + V);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + V);
        update(tile, 0, c, ci, crs, ccs, rows, cols, alpha, beta, first);
    }

    /**
     * The micro-kernel on MR rows of A in place: element r of step kk at {@code ap[pa + r·ars + kk]}
     * (ars = lda), each row walked from its own start; B as in {@link #kernelPacked}.
     */
    private static void kernelInPlace(float[] ap, int pa, int ars, float[] bp, int pb, int bks, int kc, float[] c, int ci, int crs, int ccs,
            int rows, int cols, float alpha, float beta, boolean first, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        int p1 = pa + ars;
        int p2 = p1 + ars;
        int p3 = p2 + ars;
        int p4 = p3 + ars;
        int p5 = p4 + ars;
        for (int kk = 0; kk < kc; kk++, pb += bks) {
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + V);
            FloatVector x = FloatVector.broadcast(S, ap[pa + kk]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[p1 + kk]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[p2 + kk]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[p3 + kk]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[p4 + kk]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[p5 + kk]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        // Through the tile, and C updated in a loop: twelve inlined stores exceed C2's node budget
        // (NodeCountInliningCutoff) and the accumulators would then be boxed on every call.
        c00.intoArray(tile, 0);
        c01.intoArray(tile, V);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + V);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + V);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + V);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + V);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + V);
        update(tile, 0, c, ci, crs, ccs, rows, cols, alpha, beta, first);
    }

    /**
     * {@link #kernelInPlace} for 2·MR rows of A: each step of B's panel (two vectors) meets twelve rows,
     * and each element of C is the same chain of fused multiply-adds as in the six-row kernels. Where B
     * is read in place at a power-of-two stride, its panel falls into a few L1 sets and is reread from L2
     * for every tile: the backward's dG·W (64 rows, FLOAT32, 512-bit) ran 13-18 % faster with twelve rows
     * than with six; the input projection X·Uᵀ and dX = dG·U (B packed) 6-10 % faster
     * (benchmarks/results/loop-order-2026-12-07/).
     */
    private static void kernelInPlace12(float[] ap, int pa, int ars, float[] bp, int pb, int bks, int kc, float[] c, int ci, int crs, int ccs,
            int cols, float alpha, float beta, boolean first, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        FloatVector c80 = c00;
        FloatVector c81 = c00;
        FloatVector c90 = c00;
        FloatVector c91 = c00;
        FloatVector ca0 = c00;
        FloatVector ca1 = c00;
        FloatVector cb0 = c00;
        FloatVector cb1 = c00;
        int p1 = pa + ars;
        int p2 = p1 + ars;
        int p3 = p2 + ars;
        int p4 = p3 + ars;
        int p5 = p4 + ars;
        int p6 = p5 + ars;
        int p7 = p6 + ars;
        int p8 = p7 + ars;
        int p9 = p8 + ars;
        int pA = p9 + ars;
        int pB = pA + ars;
        for (int kk = 0; kk < kc; kk++, pb += bks) {
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + V);
            FloatVector x = FloatVector.broadcast(S, ap[pa + kk]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[p1 + kk]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[p2 + kk]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[p3 + kk]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[p4 + kk]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[p5 + kk]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[p6 + kk]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[p7 + kk]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, ap[p8 + kk]);
            c80 = x.fma(b0, c80);
            c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, ap[p9 + kk]);
            c90 = x.fma(b0, c90);
            c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(S, ap[pA + kk]);
            ca0 = x.fma(b0, ca0);
            ca1 = x.fma(b1, ca1);
            x = FloatVector.broadcast(S, ap[pB + kk]);
            cb0 = x.fma(b0, cb0);
            cb1 = x.fma(b1, cb1);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, V);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + V);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + V);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + V);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + V);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + V);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + V);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + V);
        c80.intoArray(tile, 8 * NR);
        c81.intoArray(tile, 8 * NR + V);
        c90.intoArray(tile, 9 * NR);
        c91.intoArray(tile, 9 * NR + V);
        ca0.intoArray(tile, 10 * NR);
        ca1.intoArray(tile, 10 * NR + V);
        cb0.intoArray(tile, 11 * NR);
        cb1.intoArray(tile, 11 * NR + V);
        update(tile, 0, c, ci, crs, ccs, MR, cols, alpha, beta, first);
        update(tile, MR * NR, c, ci + MR * crs, crs, ccs, MR, cols, alpha, beta, first);
    }

    /**
     * Adds an MR×NR tile of products (from {@code tile[t0]}) to P: vectors for a full tile of rows of C, element by element otherwise;
     * when P is Cᵀ (crs = 1), one row of C (a column of the tile) at a time.
     */
    private static void update(float[] tile, int t0, float[] c, int ci, int crs, int ccs, int rows, int cols, float alpha, float beta, boolean first) {
        if (rows == MR && cols == NR && ccs == 1) {
            for (int r = 0; r < MR; r++) {
                for (int q = 0; q < NR; q += V) {
                    store(c, ci + r * crs + q, tile, t0 + r * NR + q, alpha, beta, first);
                }
            }
            return;
        }
        if (crs == 1) {
            // P is Cᵀ: a column of the tile is a run of contiguous elements of one row of C. Walking C's rows
            // one at a time touches each of their cache lines once; walking the tile's rows jumped C's width
            // for every element, across lines that share one cache set when the width is a power of two, and
            // ran the forward's h·Wᵀ (64×512·(2048×512)ᵀ) at a third of the speed of the same product stored
            // row by row. The full tile is unrolled: the six-element inner loop cost a fifth more again.
            if (rows == MR) {
                for (int j = 0, at = ci; j < cols; j++, at += ccs) {
                    c[at] = combine(tile[t0 + j], c[at], alpha, beta, first);
                    c[at + 1] = combine(tile[t0 + NR + j], c[at + 1], alpha, beta, first);
                    c[at + 2] = combine(tile[t0 + 2 * NR + j], c[at + 2], alpha, beta, first);
                    c[at + 3] = combine(tile[t0 + 3 * NR + j], c[at + 3], alpha, beta, first);
                    c[at + 4] = combine(tile[t0 + 4 * NR + j], c[at + 4], alpha, beta, first);
                    c[at + 5] = combine(tile[t0 + 5 * NR + j], c[at + 5], alpha, beta, first);
                }
                return;
            }
            for (int j = 0; j < cols; j++) {
                int at = ci + j * ccs;
                for (int r = 0; r < rows; r++, at++) {
                    c[at] = combine(tile[t0 + r * NR + j], c[at], alpha, beta, first);
                }
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                int at = ci + r * crs + j * ccs;
                c[at] = combine(tile[t0 + r * NR + j], c[at], alpha, beta, first);
            }
        }
    }

    /** {@code C = α·acc + β·C} on the first k block (C unread when β = 0), {@code C = C + α·acc} after it. */
    private static void store(float[] c, int at, float[] acc, int from, float alpha, float beta, boolean first) {
        // The vector comes from an array, not a parameter: should C2 decline to inline this method,
        // a vector parameter would be boxed on every call.
        FloatVector r = FloatVector.fromArray(S, acc, from).mul(alpha);
        if (!first) {
            r = FloatVector.fromArray(S, c, at).add(r);
        } else if (beta != 0) {
            r = r.add(FloatVector.fromArray(S, c, at).mul(beta));
        }
        r.intoArray(c, at);
    }

    /** The scalar twin of {@link #store}, operation for operation, so edge tiles round like full ones. */
    private static float combine(float acc, float old, float alpha, float beta, boolean first) {
        float r = acc * alpha;
        if (!first) {
            return old + r;
        }
        return beta != 0 ? r + old * beta : r;
    }

    /**
     * A product with k = 1, an outer product: {@code c[i][j] = α·a[i]·b[j] + β·c[i][j]} over row-major
     * m×n C, each element as {@link #block} computes it (one fused multiply-add onto zero, then
     * {@link #store}), without packing B and passing every product through the tile: the forward's
     * x_t·Uᵀ with one input feature (128×1·1×512, FLOAT32) took 12-13 µs a step through block, 4-5 here.
     *
     * @param alpha α
     * @param a op(A)'s column, m values from index 0
     * @param b op(B)'s row, n values from index 0
     * @param beta β (C is not read when 0)
     * @param c C
     * @param m rows
     * @param n columns
     */
    static void outer(float alpha, float[] a, float[] b, float beta, float[] c, int m, int n) {
        int nv = n - n % V;
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0, row = 0; i < m; i++, row += n) {
            FloatVector x = FloatVector.broadcast(S, a[i]);
            for (int j = 0; j < nv; j += V) {
                FloatVector r = x.fma(FloatVector.fromArray(S, b, j), zero).mul(alpha);
                if (beta != 0) {
                    r = r.add(FloatVector.fromArray(S, c, row + j).mul(beta));
                }
                r.intoArray(c, row + j);
            }
            for (int j = nv; j < n; j++) {
                c[row + j] = combine(Math.fma(a[i], b[j], 0.0f), c[row + j], alpha, beta, true);
            }
        }
    }

    /**
     * One row of op(A) times op(B): {@code c[0][j] = α·Σ_k a[k]·op(B)[k][j] + β·c[0][j]}.
     *
     * @param alpha α
     * @param a the row, k values from index 0
     * @param b B's storage
     * @param ldb B's number of columns
     * @param tb whether op(B) = Bᵀ
     * @param beta β (c is not read when 0)
     * @param c the output row, n values
     * @param k the inner dimension
     * @param n the number of columns
     */
    static void rowTimesMatrix(float alpha, float[] a, float[] b, int ldb, boolean tb, float beta, float[] c, int k, int n) {
        if (tb) {
            rowDotRows(alpha, a, b, ldb, beta, c, k, n);
        } else {
            rowAxpyRows(alpha, a, b, ldb, beta, c, k, n);
        }
    }

    /**
     * {@code c[j] = α·Σ_k a[k]·B[k][j] + β·c[j]}: rows of B scaled and summed, NC sums at a time, one
     * row of B a call ({@link #axpyRow}). The vectors live in that method, called k times a product,
     * so that C2 compiles it within a few products even where the product is rare (the read-out's
     * weight gradient, once a training step): one Vector API method per product boxed every vector for
     * hundreds of steps (ReadOutWarmUpTest). A plain scalar loop, which allocates nothing whichever
     * compiler runs it, was not vectorized by C2 and made a batch-of-one Elman step (H = 32, where
     * every product has one row) twice as slow.
     */
    private static void rowAxpyRows(float alpha, float[] a, float[] b, int ldb, float beta, float[] c, int k, int n) {
        float[] sums = SCRATCH.get().b;
        for (int j = 0; j < n; j += NC) {
            int w = Math.min(NC, n - j);
            Arrays.fill(sums, 0, w, 0.0f);
            for (int kk = 0, row = j; kk < k; kk++, row += ldb) {
                axpyRow(a[kk], b, row, sums, w);
            }
            for (int q = 0; q < w; q++) {
                c[j + q] = combine(sums[q], c[j + q], alpha, beta, true);
            }
        }
    }

    /**
     * {@code sums[q] = fma(x, b[row + q], sums[q])} for q below w: whole vectors, then the rest one by
     * one. Each sum is the same chain of fused multiply-adds whichever way its element is reached, so
     * the product's bits do not depend on w or on the vector width.
     */
    private static void axpyRow(float x, float[] b, int row, float[] sums, int w) {
        int wv = w - w % V;
        for (int q = 0; q < wv; q += V) {
            FloatVector.broadcast(S, x).fma(FloatVector.fromArray(S, b, row + q), FloatVector.fromArray(S, sums, q)).intoArray(sums, q);
        }
        for (int q = wv; q < w; q++) {
            sums[q] = Math.fma(x, b[row + q], sums[q]);
        }
    }

    /**
     * {@code c[j] = α·Σ_k a[k]·B[j][k] + β·c[j]}: dot products of a with rows of B, four rows a call
     * ({@link #dotFourRows}: four independent chains, a's vectors loaded once for four rows) when B has
     * at least {@link #FOUR_ROWS_MIN} rows, one row a call ({@link #dotRow}) below that. The vectors
     * live in those methods, so that C2 compiles them within a few products even where the product
     * itself is rare: until it does, the Vector API boxes every vector. The many-to-one read-out
     * {@code V·hᵀ} (B rows, once a training step) boxed 889 KB a large LSTM step through a whole JMH
     * fork as one method per product, and still 445 KB a step for about 70 steps four rows a call
     * (B = 64); one row a call, it is compiled within about 12 products (ReadOutWarmUpTest). A
     * streaming step's {@code h·Wᵀ} (4H rows) calls the method often enough either way and is faster
     * four rows a call. No vector crosses a call, so a call that is not inlined boxes nothing.
     */
    private static void rowDotRows(float alpha, float[] a, float[] b, int ldb, float beta, float[] c, int k, int n) {
        float[] lanes = SCRATCH.get().tile;
        int j = 0;
        if (n >= FOUR_ROWS_MIN && k >= V) {
            for (; j + 4 <= n; j += 4) {
                dotFourRows(alpha, a, b, j * ldb, ldb, beta, c, j, k, lanes);
            }
        }
        for (; j < n; j++) {
            dotRow(alpha, a, b, j * ldb, beta, c, j, k, lanes);
        }
    }

    /**
     * {@code c[j + r] = α·a·B[j + r] + β·c[j + r]} for r = 0..3, B's row j starting at r0, each as
     * {@link #dotRow} computes it; k is at least V. The first step is peeled: with accumulators that may be the zero from
     * before a loop of no steps, C2 did not intrinsify their stores (PrintInlining: "failed to inline
     * (intrinsic)") and boxed them (96 B a row, measured one row a call).
     */
    private static void dotFourRows(float alpha, float[] a, float[] b, int r0, int ldb, float beta, float[] c, int j, int k, float[] lanes) {
        int kv = k - k % V;
        int r1 = r0 + ldb;
        int r2 = r1 + ldb;
        int r3 = r2 + ldb;
        FloatVector x = FloatVector.fromArray(S, a, 0);
        FloatVector zero = FloatVector.zero(S);
        FloatVector s0 = x.fma(FloatVector.fromArray(S, b, r0), zero);
        FloatVector s1 = x.fma(FloatVector.fromArray(S, b, r1), zero);
        FloatVector s2 = x.fma(FloatVector.fromArray(S, b, r2), zero);
        FloatVector s3 = x.fma(FloatVector.fromArray(S, b, r3), zero);
        for (int kk = V; kk < kv; kk += V) {
            x = FloatVector.fromArray(S, a, kk);
            s0 = x.fma(FloatVector.fromArray(S, b, r0 + kk), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, r1 + kk), s1);
            s2 = x.fma(FloatVector.fromArray(S, b, r2 + kk), s2);
            s3 = x.fma(FloatVector.fromArray(S, b, r3 + kk), s3);
        }
        s0.intoArray(lanes, 0);
        s1.intoArray(lanes, V);
        s2.intoArray(lanes, 2 * V);
        s3.intoArray(lanes, 3 * V);
        c[j] = combine(tail(a, b, r0, kv, k, laneSum(lanes, 0)), c[j], alpha, beta, true);
        c[j + 1] = combine(tail(a, b, r1, kv, k, laneSum(lanes, V)), c[j + 1], alpha, beta, true);
        c[j + 2] = combine(tail(a, b, r2, kv, k, laneSum(lanes, 2 * V)), c[j + 2], alpha, beta, true);
        c[j + 3] = combine(tail(a, b, r3, kv, k, laneSum(lanes, 3 * V)), c[j + 3], alpha, beta, true);
    }

    /**
     * {@code c[j] = α·a·B[j] + β·c[j]}, B's row j starting at r0: one fused multiply-add chain per lane,
     * the lanes then added in order ({@link #laneSum}), then the tail. Not {@code reduceLanes(ADD)},
     * whose order is left to the implementation: on JDK 25 its Java fallback and C2's intrinsic add in
     * different orders, so a product's last bits depended on whether C2 had compiled the method yet
     * (RowProductOrderTest; a character model's first-pass loss moved by 0.011 when the compilation
     * came earlier). The first step is peeled as in {@link #dotFourRows}.
     */
    private static void dotRow(float alpha, float[] a, float[] b, int r0, float beta, float[] c, int j, int k, float[] lanes) {
        int kv = k - k % V;
        if (kv == 0) {
            c[j] = combine(tail(a, b, r0, 0, k, 0.0f), c[j], alpha, beta, true);
            return;
        }
        FloatVector s0 = FloatVector.fromArray(S, a, 0).fma(FloatVector.fromArray(S, b, r0), FloatVector.zero(S));
        for (int kk = V; kk < kv; kk += V) {
            s0 = FloatVector.fromArray(S, a, kk).fma(FloatVector.fromArray(S, b, r0 + kk), s0);
        }
        s0.intoArray(lanes, 0);
        c[j] = combine(tail(a, b, r0, kv, k, laneSum(lanes, 0)), c[j], alpha, beta, true);
    }

    /** The sum of {@code lanes[from, from + V)}, added in lane order. */
    private static float laneSum(float[] lanes, int from) {
        float s = lanes[from];
        for (int l = 1; l < V; l++) {
            s += lanes[from + l];
        }
        return s;
    }

    /** Adds the products of the last {@code k − kv} elements (fewer than one vector) to s. */
    private static float tail(float[] a, float[] b, int row, int kv, int k, float s) {
        for (int kk = kv; kk < k; kk++) {
            s = Math.fma(a[kk], b[row + kk], s);
        }
        return s;
    }
}
