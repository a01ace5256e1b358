package org.rnn4j.backend.ejml;

/**
 * Flat, dtype-neutral access to a tensor's row-major storage, so that each element-wise loop of
 * the backend is written once for both FLOAT32 and FLOAT64. One instance per tensor, made at
 * creation: the loops allocate nothing.
 */
abstract class Elements {
    abstract double get(int i);

    abstract void set(int i, double v);

    static final class Doubles extends Elements {
        final double[] data;

        Doubles(double[] data) {
            this.data = data;
        }

        @Override
        double get(int i) {
            return data[i];
        }

        @Override
        void set(int i, double v) {
            data[i] = v;
        }
    }

    static final class Floats extends Elements {
        final float[] data;

        Floats(float[] data) {
            this.data = data;
        }

        @Override
        double get(int i) {
            return data[i];
        }

        @Override
        void set(int i, double v) {
            data[i] = (float) v;
        }
    }
}
