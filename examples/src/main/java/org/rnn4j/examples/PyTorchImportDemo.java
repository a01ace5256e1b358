package org.rnn4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rnn4j.api.DType;
import org.rnn4j.core.Rnn;
import org.rnn4j.interop.Architecture;
import org.rnn4j.interop.PyTorchImport;
import org.rnn4j.interop.Safetensors;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.Backends;

/**
 * Loads a GRU trained in PyTorch (1.13, {@code nn.GRU(1, 16)} and {@code nn.Linear(16, 1)} on the
 * sine task, 2,000 Adam steps; the script {@code train_sine_gru.py} beside the bundled files made
 * them) and evaluates it in Java on the same validation windows, printing its RMSE beside PyTorch's
 * own and the largest difference between the two models' predictions.
 */
public final class PyTorchImportDemo {
    static final String MODEL = "sine-gru.safetensors";
    static final String FIGURES = "sine-gru.json";

    private PyTorchImportDemo() {
    }

    static Cli cli() {
        return new Cli("PyTorchImportDemo", "Loads a PyTorch-trained GRU (safetensors) and evaluates it on the sine task beside PyTorch's figures.")
                .option("dtype", "FLOAT32", "FLOAT32 or FLOAT64");
    }

    /**
     * Runs the demo.
     *
     * @param args command-line flags; see {@code --help}
     */
    public static void main(String[] args) {
        Cli.exitOnFailure(run(args, System.out, System.err));
    }

    /** What a run found, for tests. */
    static final class Result {
        double javaRmse;
        double pytorchRmse;
        double largestDifference;
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return Cli.run(cli(), args, out, err, c -> {
            DType dtype = DType.valueOf(c.choice("dtype", "FLOAT32", "FLOAT64"));
            try {
                evaluate(dtype, out);
            } catch (IOException e) {
                throw new IllegalStateException("the bundled model could not be read: " + e.getMessage(), e);
            }
            return 0;
        });
    }

    static Result evaluate(DType dtype, PrintStream out) throws IOException {
        Safetensors tensors = Safetensors.read(bundled(MODEL), MODEL);
        String figures = new String(bundled(FIGURES), StandardCharsets.UTF_8);
        Backend backend = Backends.get();
        Architecture arch = PyTorchImport.inferArchitecture(tensors, "rnn.", "out.", null);
        Rnn model = PyTorchImport.load(tensors, arch, backend, dtype);
        out.println("Loaded " + MODEL + " (" + arch + ") on " + backend.name() + ", " + dtype + ".");
        SineData data = new SineData();
        double[][][] x = new double[SineData.VALIDATION][SineData.WINDOW][1];
        for (int i = 0; i < SineData.VALIDATION; i++) {
            double[] w = data.window(SineData.TRAIN + i);
            for (int t = 0; t < SineData.WINDOW; t++) {
                x[i][t][0] = w[t];
            }
        }
        double[][] predicted = model.predict(x);
        double[] theirs = numbers(figures, "validation_predictions");
        Result r = new Result();
        double sum = 0;
        for (int i = 0; i < SineData.VALIDATION; i++) {
            double d = predicted[i][0] - data.target(SineData.TRAIN + i);
            sum += d * d;
            r.largestDifference = Math.max(r.largestDifference, Math.abs(predicted[i][0] - theirs[i]));
        }
        r.javaRmse = Math.sqrt(sum / SineData.VALIDATION);
        r.pytorchRmse = numbers(figures, "validation_rmse")[0];
        out.println(String.format(Locale.ROOT, "Validation RMSE on the %d held-out windows: rnn4j %.4e, PyTorch %.4e; "
                + "largest difference between the two models' predictions %.1e.", SineData.VALIDATION, r.javaRmse, r.pytorchRmse,
                r.largestDifference));
        return r;
    }

    static byte[] bundled(String name) throws IOException {
        try (InputStream in = PyTorchImportDemo.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is missing from the class path");
            }
            return in.readAllBytes();
        }
    }

    /** The number, or the array of numbers, of a key of the figures file. */
    static double[] numbers(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\[[^\\]]*\\]|[-+0-9.eE]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException(FIGURES + " has no " + key);
        }
        String[] parts = m.group(1).replaceAll("[\\[\\]\\s]", "").split(",");
        double[] v = new double[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(parts[i]);
        }
        return v;
    }
}
