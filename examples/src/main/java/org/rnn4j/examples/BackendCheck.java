package org.rnn4j.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.BackendNotFoundException;
import org.rnn4j.spi.BackendStatus;
import org.rnn4j.spi.Backends;

/**
 * Checks an installation: lists every backend discovery sees (name, priority, available or why not),
 * says which one {@link Backends#get()} picks, and times one 256×256 gemm in each dtype on every
 * available backend. The timing is a rough median of a few runs; the benchmarks module gives real figures.
 */
public final class BackendCheck {

    static Cli cli() {
        return new Cli("BackendCheck", "Lists the rnn4j backends found, which one is picked, and times one N×N gemm on each.")
                .option("size", "256", "side of the square matrices to multiply (1..4096)");
    }

    private BackendCheck() {
    }

    /**
     * Runs the check.
     *
     * @param args command-line flags; see {@code --help}
     */
    public static void main(String[] args) {
        Cli.exitOnFailure(run(args, System.out, System.err));
    }

    /**
     * Runs the check, printing to the given streams.
     *
     * @param args command-line flags
     * @param out where the report goes
     * @param err where usage errors go
     * @return the process exit code: 0 on success, 1 if no backend could be chosen, 2 on a usage error
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return Cli.run(cli(), args, out, err, c -> report(c.integer("size", 1, 4096), out));
    }

    private static int report(int size, PrintStream out) {
        List<BackendStatus> seen = Backends.available();
        out.println("Backends found: " + seen.size());
        for (BackendStatus s : seen) {
            out.println("  " + s);
        }
        try {
            out.println("Backends.get() picks: " + Backends.get().name());
        } catch (BackendNotFoundException e) {
            out.println("Backends.get() fails: " + e.getMessage());
            return 1;
        }
        for (BackendStatus s : seen) {
            if (!s.available()) {
                continue;
            }
            Backend backend = Backends.get(s.name());
            for (DType dtype : DType.values()) {
                double seconds = medianGemmSeconds(backend, dtype, size);
                double gflops = 2.0 * size * size * size / seconds / 1e9;
                out.println(String.format(Locale.ROOT, "  %s %s gemm %dx%d: %.3f ms (%.2f GFLOP/s, median of 15)",
                        s.name(), dtype, size, size, seconds * 1e3, gflops));
            }
        }
        return 0;
    }

    private static double medianGemmSeconds(Backend backend, DType dtype, int n) {
        Tensor a = randomTensor(backend, dtype, n, 1);
        Tensor b = randomTensor(backend, dtype, n, 2);
        Tensor c = backend.zeros(dtype, n, n);
        for (int i = 0; i < 5; i++) {
            backend.gemmInto(1, a, false, b, false, 0, c);
        }
        double[] times = new double[15];
        for (int i = 0; i < times.length; i++) {
            long t0 = System.nanoTime();
            backend.gemmInto(1, a, false, b, false, 0, c);
            times[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }

    private static Tensor randomTensor(Backend backend, DType dtype, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return backend.fromArray(dtype, n, n, v);
    }
}
