import jdk.incubator.vector.*;

/**
 * The FLOAT32 gemm micro-kernel alone (mk.log): one thread, packed operands in cache, best GFLOP/s of
 * 12 rounds per variant. The variants are written out one by one on purpose (what differs between them
 * is how the offsets reach the loop, which is what C2 compiles differently): 6x2, 8x3, 12x2 vectors
 * with constant offsets; 6x2var, A's row and step strides and B's step as arguments (GemmF's kernel
 * before ca263dc); 6x2Avar, A's row stride only; 6x2Bvar, B's step only; 6x2Aconst, A's rows at a
 * constant stride; 6x2Aptrs, A's rows as six pointers (GemmF.kernelInPlace); 6x4 packed and with six
 * pointers. Run: java --add-modules jdk.incubator.vector Mk.java
 */
public class Mk {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    static final int KC = 256;
    static int A_RS = 1 * 256; static int B_KS = 32;

    // 6 x 2V
    static void k6x2(float[] ap, float[] bp, int pb, int kc, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int kk = 0, pa = 0; kk < kc; kk++, pa += 6, pb += 2 * V) {
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + V);
            FloatVector x = FloatVector.broadcast(S, ap[pa]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[pa + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[pa + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[pa + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[pa + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[pa + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        int N = 2 * V;
        c00.intoArray(tile, 0); c01.intoArray(tile, V); c10.intoArray(tile, N); c11.intoArray(tile, N + V);
        c20.intoArray(tile, 2 * N); c21.intoArray(tile, 2 * N + V); c30.intoArray(tile, 3 * N); c31.intoArray(tile, 3 * N + V);
        c40.intoArray(tile, 4 * N); c41.intoArray(tile, 4 * N + V); c50.intoArray(tile, 5 * N); c51.intoArray(tile, 5 * N + V);
    }


    static void k6x2v(float[] ap, int pa, int ars, int aks, float[] bp, int pb, int bks, int kc, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int a1 = ars, a2 = 2 * ars, a3 = 3 * ars, a4 = 4 * ars, a5 = 5 * ars;
        for (int kk = 0; kk < kc; kk++, pa += aks, pb += bks) {
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + V);
            FloatVector x = FloatVector.broadcast(S, ap[pa]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[pa + a1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[pa + a2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[pa + a3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[pa + a4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[pa + a5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        int N = 2 * V;
        c00.intoArray(tile, 0); c01.intoArray(tile, V); c10.intoArray(tile, N); c11.intoArray(tile, N + V);
        c20.intoArray(tile, 2 * N); c21.intoArray(tile, 2 * N + V); c30.intoArray(tile, 3 * N); c31.intoArray(tile, 3 * N + V);
        c40.intoArray(tile, 4 * N); c41.intoArray(tile, 4 * N + V); c50.intoArray(tile, 5 * N); c51.intoArray(tile, 5 * N + V);
    }
    static void k6x2ai(float[] ap, int pa, int ars, float[] bp, int pb, int kc, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int a1 = ars, a2 = 2 * ars, a3 = 3 * ars, a4 = 4 * ars, a5 = 5 * ars;
        for (int kk = 0; kk < kc; kk++, pa += 1, pb += 2 * V) {
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + V);
            FloatVector x = FloatVector.broadcast(S, ap[pa]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[pa + a1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[pa + a2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[pa + a3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[pa + a4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[pa + a5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        int N = 2 * V;
        c00.intoArray(tile, 0); c01.intoArray(tile, V); c10.intoArray(tile, N); c11.intoArray(tile, N + V);
        c20.intoArray(tile, 2 * N); c21.intoArray(tile, 2 * N + V); c30.intoArray(tile, 3 * N); c31.intoArray(tile, 3 * N + V);
        c40.intoArray(tile, 4 * N); c41.intoArray(tile, 4 * N + V); c50.intoArray(tile, 5 * N); c51.intoArray(tile, 5 * N + V);
    }
    static void k6x2ac(float[] ap, int pa, float[] bp, int pb, int kc, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        final int a1 = 256, a2 = 512, a3 = 768, a4 = 1024, a5 = 1280;
        for (int kk = 0; kk < kc; kk++, pa += 1, pb += 2 * V) {
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + V);
            FloatVector x = FloatVector.broadcast(S, ap[pa]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[pa + a1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[pa + a2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[pa + a3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[pa + a4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[pa + a5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        int N = 2 * V;
        c00.intoArray(tile, 0); c01.intoArray(tile, V); c10.intoArray(tile, N); c11.intoArray(tile, N + V);
        c20.intoArray(tile, 2 * N); c21.intoArray(tile, 2 * N + V); c30.intoArray(tile, 3 * N); c31.intoArray(tile, 3 * N + V);
        c40.intoArray(tile, 4 * N); c41.intoArray(tile, 4 * N + V); c50.intoArray(tile, 5 * N); c51.intoArray(tile, 5 * N + V);
    }
    static void k6x2ap(float[] ap, int pa, int ars, float[] bp, int pb, int kc, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int p0 = pa, p1 = pa + ars, p2 = pa + 2 * ars, p3 = pa + 3 * ars, p4 = pa + 4 * ars, p5 = pa + 5 * ars;
        for (int kk = 0; kk < kc; kk++, pb += 2 * V) {
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + V);
            FloatVector x = FloatVector.broadcast(S, ap[p0 + kk]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[p1 + kk]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[p2 + kk]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[p3 + kk]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[p4 + kk]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[p5 + kk]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        int N = 2 * V;
        c00.intoArray(tile, 0); c01.intoArray(tile, V); c10.intoArray(tile, N); c11.intoArray(tile, N + V);
        c20.intoArray(tile, 2 * N); c21.intoArray(tile, 2 * N + V); c30.intoArray(tile, 3 * N); c31.intoArray(tile, 3 * N + V);
        c40.intoArray(tile, 4 * N); c41.intoArray(tile, 4 * N + V); c50.intoArray(tile, 5 * N); c51.intoArray(tile, 5 * N + V);
    }
    static void k6x2bi(float[] ap, int pa, float[] bp, int pb, int bks, int kc, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        int a1 = 1, a2 = 2, a3 = 3, a4 = 4, a5 = 5;
        for (int kk = 0; kk < kc; kk++, pa += 6, pb += bks) {
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + V);
            FloatVector x = FloatVector.broadcast(S, ap[pa]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[pa + a1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[pa + a2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[pa + a3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[pa + a4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[pa + a5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        int N = 2 * V;
        c00.intoArray(tile, 0); c01.intoArray(tile, V); c10.intoArray(tile, N); c11.intoArray(tile, N + V);
        c20.intoArray(tile, 2 * N); c21.intoArray(tile, 2 * N + V); c30.intoArray(tile, 3 * N); c31.intoArray(tile, 3 * N + V);
        c40.intoArray(tile, 4 * N); c41.intoArray(tile, 4 * N + V); c50.intoArray(tile, 5 * N); c51.intoArray(tile, 5 * N + V);
    }
    static void k6x4p(float[] ap, int pa, int ars, float[] bp, int pb, int kc, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z, c03 = z;
        FloatVector c10 = z, c11 = z, c12 = z, c13 = z;
        FloatVector c20 = z, c21 = z, c22 = z, c23 = z;
        FloatVector c30 = z, c31 = z, c32 = z, c33 = z;
        FloatVector c40 = z, c41 = z, c42 = z, c43 = z;
        FloatVector c50 = z, c51 = z, c52 = z, c53 = z;
        for (int kk = 0; kk < kc; kk++, pa += 6, pb += 4 * V) {
            FloatVector b0 = FloatVector.fromArray(S, bp, pb + 0 * V);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + 1 * V);
            FloatVector b2 = FloatVector.fromArray(S, bp, pb + 2 * V);
            FloatVector b3 = FloatVector.fromArray(S, bp, pb + 3 * V);
            { FloatVector x = FloatVector.broadcast(S, ap[pa + 0]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03); }
            { FloatVector x = FloatVector.broadcast(S, ap[pa + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13); }
            { FloatVector x = FloatVector.broadcast(S, ap[pa + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23); }
            { FloatVector x = FloatVector.broadcast(S, ap[pa + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33); }
            { FloatVector x = FloatVector.broadcast(S, ap[pa + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); c42 = x.fma(b2, c42); c43 = x.fma(b3, c43); }
            { FloatVector x = FloatVector.broadcast(S, ap[pa + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); c52 = x.fma(b2, c52); c53 = x.fma(b3, c53); }
        }
        c00.intoArray(tile, 0 * 4 * V + 0 * V);
        c01.intoArray(tile, 0 * 4 * V + 1 * V);
        c02.intoArray(tile, 0 * 4 * V + 2 * V);
        c03.intoArray(tile, 0 * 4 * V + 3 * V);
        c10.intoArray(tile, 1 * 4 * V + 0 * V);
        c11.intoArray(tile, 1 * 4 * V + 1 * V);
        c12.intoArray(tile, 1 * 4 * V + 2 * V);
        c13.intoArray(tile, 1 * 4 * V + 3 * V);
        c20.intoArray(tile, 2 * 4 * V + 0 * V);
        c21.intoArray(tile, 2 * 4 * V + 1 * V);
        c22.intoArray(tile, 2 * 4 * V + 2 * V);
        c23.intoArray(tile, 2 * 4 * V + 3 * V);
        c30.intoArray(tile, 3 * 4 * V + 0 * V);
        c31.intoArray(tile, 3 * 4 * V + 1 * V);
        c32.intoArray(tile, 3 * 4 * V + 2 * V);
        c33.intoArray(tile, 3 * 4 * V + 3 * V);
        c40.intoArray(tile, 4 * 4 * V + 0 * V);
        c41.intoArray(tile, 4 * 4 * V + 1 * V);
        c42.intoArray(tile, 4 * 4 * V + 2 * V);
        c43.intoArray(tile, 4 * 4 * V + 3 * V);
        c50.intoArray(tile, 5 * 4 * V + 0 * V);
        c51.intoArray(tile, 5 * 4 * V + 1 * V);
        c52.intoArray(tile, 5 * 4 * V + 2 * V);
        c53.intoArray(tile, 5 * 4 * V + 3 * V);
    }
    static void k6x4i(float[] ap, int pa, int ars, float[] bp, int pb, int kc, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z, c03 = z;
        FloatVector c10 = z, c11 = z, c12 = z, c13 = z;
        FloatVector c20 = z, c21 = z, c22 = z, c23 = z;
        FloatVector c30 = z, c31 = z, c32 = z, c33 = z;
        FloatVector c40 = z, c41 = z, c42 = z, c43 = z;
        FloatVector c50 = z, c51 = z, c52 = z, c53 = z;
        int p0 = pa, p1 = pa + ars, p2 = p1 + ars, p3 = p2 + ars, p4 = p3 + ars, p5 = p4 + ars;
        for (int kk = 0; kk < kc; kk++, pb += 4 * V) {
            FloatVector b0 = FloatVector.fromArray(S, bp, pb + 0 * V);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + 1 * V);
            FloatVector b2 = FloatVector.fromArray(S, bp, pb + 2 * V);
            FloatVector b3 = FloatVector.fromArray(S, bp, pb + 3 * V);
            { FloatVector x = FloatVector.broadcast(S, ap[p0 + kk]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03); }
            { FloatVector x = FloatVector.broadcast(S, ap[p1 + kk]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13); }
            { FloatVector x = FloatVector.broadcast(S, ap[p2 + kk]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23); }
            { FloatVector x = FloatVector.broadcast(S, ap[p3 + kk]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33); }
            { FloatVector x = FloatVector.broadcast(S, ap[p4 + kk]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); c42 = x.fma(b2, c42); c43 = x.fma(b3, c43); }
            { FloatVector x = FloatVector.broadcast(S, ap[p5 + kk]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); c52 = x.fma(b2, c52); c53 = x.fma(b3, c53); }
        }
        c00.intoArray(tile, 0 * 4 * V + 0 * V);
        c01.intoArray(tile, 0 * 4 * V + 1 * V);
        c02.intoArray(tile, 0 * 4 * V + 2 * V);
        c03.intoArray(tile, 0 * 4 * V + 3 * V);
        c10.intoArray(tile, 1 * 4 * V + 0 * V);
        c11.intoArray(tile, 1 * 4 * V + 1 * V);
        c12.intoArray(tile, 1 * 4 * V + 2 * V);
        c13.intoArray(tile, 1 * 4 * V + 3 * V);
        c20.intoArray(tile, 2 * 4 * V + 0 * V);
        c21.intoArray(tile, 2 * 4 * V + 1 * V);
        c22.intoArray(tile, 2 * 4 * V + 2 * V);
        c23.intoArray(tile, 2 * 4 * V + 3 * V);
        c30.intoArray(tile, 3 * 4 * V + 0 * V);
        c31.intoArray(tile, 3 * 4 * V + 1 * V);
        c32.intoArray(tile, 3 * 4 * V + 2 * V);
        c33.intoArray(tile, 3 * 4 * V + 3 * V);
        c40.intoArray(tile, 4 * 4 * V + 0 * V);
        c41.intoArray(tile, 4 * 4 * V + 1 * V);
        c42.intoArray(tile, 4 * 4 * V + 2 * V);
        c43.intoArray(tile, 4 * 4 * V + 3 * V);
        c50.intoArray(tile, 5 * 4 * V + 0 * V);
        c51.intoArray(tile, 5 * 4 * V + 1 * V);
        c52.intoArray(tile, 5 * 4 * V + 2 * V);
        c53.intoArray(tile, 5 * 4 * V + 3 * V);
    }
    // 8 x 3V
    static void k8x3(float[] ap, float[] bp, int pb, int kc, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z, c10 = z, c11 = z, c12 = z, c20 = z, c21 = z, c22 = z, c30 = z, c31 = z, c32 = z;
        FloatVector c40 = z, c41 = z, c42 = z, c50 = z, c51 = z, c52 = z, c60 = z, c61 = z, c62 = z, c70 = z, c71 = z, c72 = z;
        for (int kk = 0, pa = 0; kk < kc; kk++, pa += 8, pb += 3 * V) {
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + V);
            FloatVector b2 = FloatVector.fromArray(S, bp, pb + 2 * V);
            FloatVector x = FloatVector.broadcast(S, ap[pa]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, ap[pa + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, ap[pa + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, ap[pa + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(S, ap[pa + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(S, ap[pa + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); c52 = x.fma(b2, c52);
            x = FloatVector.broadcast(S, ap[pa + 6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61); c62 = x.fma(b2, c62);
            x = FloatVector.broadcast(S, ap[pa + 7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71); c72 = x.fma(b2, c72);
        }
        int N = 3 * V;
        c00.intoArray(tile, 0); c01.intoArray(tile, V); c02.intoArray(tile, 2 * V);
        c10.intoArray(tile, N); c11.intoArray(tile, N + V); c12.intoArray(tile, N + 2 * V);
        c20.intoArray(tile, 2 * N); c21.intoArray(tile, 2 * N + V); c22.intoArray(tile, 2 * N + 2 * V);
        c30.intoArray(tile, 3 * N); c31.intoArray(tile, 3 * N + V); c32.intoArray(tile, 3 * N + 2 * V);
        c40.intoArray(tile, 4 * N); c41.intoArray(tile, 4 * N + V); c42.intoArray(tile, 4 * N + 2 * V);
        c50.intoArray(tile, 5 * N); c51.intoArray(tile, 5 * N + V); c52.intoArray(tile, 5 * N + 2 * V);
        c60.intoArray(tile, 6 * N); c61.intoArray(tile, 6 * N + V); c62.intoArray(tile, 6 * N + 2 * V);
        c70.intoArray(tile, 7 * N); c71.intoArray(tile, 7 * N + V); c72.intoArray(tile, 7 * N + 2 * V);
    }

    // 12 x 2V
    static void k12x2(float[] ap, float[] bp, int pb, int kc, float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        FloatVector c60 = z, c61 = z, c70 = z, c71 = z, c80 = z, c81 = z, c90 = z, c91 = z, ca0 = z, ca1 = z, cb0 = z, cb1 = z;
        for (int kk = 0, pa = 0; kk < kc; kk++, pa += 12, pb += 2 * V) {
            FloatVector b0 = FloatVector.fromArray(S, bp, pb);
            FloatVector b1 = FloatVector.fromArray(S, bp, pb + V);
            FloatVector x = FloatVector.broadcast(S, ap[pa]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[pa + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[pa + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[pa + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[pa + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[pa + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[pa + 6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[pa + 7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, ap[pa + 8]); c80 = x.fma(b0, c80); c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, ap[pa + 9]); c90 = x.fma(b0, c90); c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(S, ap[pa + 10]); ca0 = x.fma(b0, ca0); ca1 = x.fma(b1, ca1);
            x = FloatVector.broadcast(S, ap[pa + 11]); cb0 = x.fma(b0, cb0); cb1 = x.fma(b1, cb1);
        }
        int N = 2 * V;
        c00.intoArray(tile, 0); c01.intoArray(tile, V); c10.intoArray(tile, N); c11.intoArray(tile, N + V);
        c20.intoArray(tile, 2 * N); c21.intoArray(tile, 2 * N + V); c30.intoArray(tile, 3 * N); c31.intoArray(tile, 3 * N + V);
        c40.intoArray(tile, 4 * N); c41.intoArray(tile, 4 * N + V); c50.intoArray(tile, 5 * N); c51.intoArray(tile, 5 * N + V);
        c60.intoArray(tile, 6 * N); c61.intoArray(tile, 6 * N + V); c70.intoArray(tile, 7 * N); c71.intoArray(tile, 7 * N + V);
        c80.intoArray(tile, 8 * N); c81.intoArray(tile, 8 * N + V); c90.intoArray(tile, 9 * N); c91.intoArray(tile, 9 * N + V);
        ca0.intoArray(tile, 10 * N); ca1.intoArray(tile, 10 * N + V); cb0.intoArray(tile, 11 * N); cb1.intoArray(tile, 11 * N + V);
    }

    public static void main(String[] args) {
        int panels = 16;
        float[] a = new float[KC * 12 + 6 * 256 + 10];
        float[] b = new float[KC * 4 * V * panels];
        for (int i = 0; i < a.length; i++) a[i] = (float) Math.sin(i);
        for (int i = 0; i < b.length; i++) b[i] = (float) Math.cos(i);
        float[] tile = new float[12 * 4 * V];
        String[] names = {"6x2", "8x3", "12x2", "6x2var", "6x2Avar", "6x2Bvar", "6x2Aconst", "6x2Aptrs", "6x4packed", "6x4Aptrs"};
        int[] flopsPerK = {6 * 2 * V * 2, 8 * 3 * V * 2, 12 * 2 * V * 2, 6*2*V*2, 6*2*V*2, 6*2*V*2, 6*2*V*2, 6*2*V*2, 6*4*V*2, 6*4*V*2};
        int[] panelW = {2 * V, 3 * V, 2 * V, 2 * V, 2 * V, 2 * V, 2 * V, 2 * V, 4 * V, 4 * V};
        double[] best = new double[10];
        for (int round = 0; round < 12; round++) {
            for (int v = 0; v < 10; v++) {
                int reps = 20000;
                long t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    for (int p = 0; p < panels; p++) {
                        int pb = p * KC * panelW[v];
                        if (v == 0) k6x2(a, b, pb, KC, tile);
                        else if (v == 1) k8x3(a, b, pb, KC, tile);
                        else if (v == 2) k12x2(a, b, pb, KC, tile); else if (v == 3) k6x2v(a, 0, 1, 6, b, pb, 2 * V, KC, tile); else if (v == 4) k6x2ai(a, 0, A_RS, b, pb, KC, tile); else if (v == 5) k6x2bi(a, 0, b, pb, B_KS, KC, tile); else if (v == 6) k6x2ac(a, 0, b, pb, KC, tile); else if (v == 7) k6x2ap(a, 0, A_RS, b, pb, KC, tile); else if (v == 8) k6x4p(a, 0, 0, b, pb, KC, tile); else k6x4i(a, 0, A_RS, b, pb, KC, tile);
                    }
                }
                long t = System.nanoTime() - t0;
                double gf = (double) flopsPerK[v] * KC * panels * reps / t;
                best[v] = Math.max(best[v], gf);
                if (round >= 10) System.out.printf("round %d %s %.1f GFLOP/s%n", round, names[v], gf);
            }
        }
        for (int v = 0; v < 10; v++) System.out.printf("best %s %.1f%n", names[v], best[v]);
        System.out.println(tile[5]);
    }
}
