package org.rnn4j.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.core.Loss;
import org.rnn4j.core.Optimizer;
import org.rnn4j.core.Rnn;
import org.rnn4j.core.SequenceDataset;
import org.rnn4j.core.Stepper;
import org.rnn4j.core.Trainer;
import org.rnn4j.core.TrainingListener;
import org.rnn4j.core.cell.CellType;
import org.rnn4j.spi.Backend;
import org.rnn4j.spi.Backends;

/**
 * A character-level language model in the spirit of Karpathy's min-char-rnn: one-hot characters in,
 * softmax cross-entropy on the next character at every step, Adagrad, gradients clipped to ±5, and
 * truncated BPTT over the whole text in chunks of 25 with the hidden state carried from one chunk to
 * the next. Trained by default on ten of Shakespeare's sonnets (1609, public domain) shipped with the
 * examples; prints samples as it learns.
 *
 * <p>The loss is the cross-entropy of the next character in nats per character: ln(V) for a uniform
 * guess over V characters, 0 for a certain, right guess. Each pass prints the mean over the pass of
 * the chunks' losses (each scored just before its own update) and, as min-char-rnn does, a smoothed
 * loss: {@code smooth = 0.999·smooth + 0.001·chunkLoss} after every chunk, starting from ln(V)
 * (min-char-rnn's {@code -ln(1/V)·seqLength}, per character). Chunk losses jump with the text
 * (a line of rare words scores worse); the smoothed figure shows the trend.
 */
public final class CharRnn {
    static final String DEFAULT_TEXT = "sonnets.txt";
    /** min-char-rnn's smoothing: the weight of the running loss at each update. */
    static final double SMOOTHING = 0.999;
    /** The README's copy of the results table, relative to the repository's root. */
    static final String TABLE_FILE = "examples/results/char-rnn.md";
    /** The command that writes {@link #TABLE_FILE}, from the repository's root. */
    static final String TABLE_COMMAND = "./mvnw -B -Drnn4j.demo -pl examples -am compile -Drnn4j.example.main=org.rnn4j.examples.CharRnn "
            + "-Dexec.args=\"--passes 10 --table " + TABLE_FILE + "\"";
    /** The table's rows: each cell with one layer, and a stack of two LSTM layers. */
    static final List<Object[]> TABLE_MODELS = List.of(new Object[] {CellType.ELMAN, 1}, new Object[] {CellType.LSTM, 1},
            new Object[] {CellType.GRU, 1}, new Object[] {CellType.LSTM, 2});

    private CharRnn() {
    }

    static Cli cli() {
        return new Cli("CharRnn", "Trains a character-level RNN (min-char-rnn's scheme) and prints samples as it learns.")
                .option("text", "(the bundled sonnets)", "a UTF-8 text file to learn from")
                .option("passes", "30", "passes over the text (each is one epoch of truncated BPTT)")
                .option("cell", "elman", "the recurrent cell: elman, lstm or gru")
                .option("layers", "1", "stacked recurrent layers")
                .option("hidden", "100", "hidden units")
                .option("seq-length", "25", "characters per truncated-BPTT chunk (k1 = k2)")
                .option("lr", "0.1", "Adagrad learning rate")
                .option("clip", "5", "gradient clipping bound, per element")
                .option("sample-every", "10", "print a sample every N passes")
                .option("sample-length", "200", "characters per sample")
                .option("seed", "42", "seed of the initialisers and the sampler")
                .option("table", "none", "train each model of the README's table instead (elman, lstm and gru with 1 layer, lstm with 2; "
                        + "--cell and --layers are ignored) and write the table in markdown to this file (the README's: " + TABLE_FILE + ")");
    }

    /**
     * Runs the example.
     *
     * @param args command-line flags; see {@code --help}
     */
    public static void main(String[] args) {
        Cli.exitOnFailure(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return Cli.run(cli(), args, out, err, c -> {
            String text;
            String source = c.text("text");
            try {
                text = source.startsWith("(") ? bundled() : Files.readString(Path.of(source), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new Cli.UsageException("--text: cannot read '" + source + "': " + e.getMessage());
            }
            int seq = c.integer("seq-length", 1, 10_000);
            if (text.length() < 2) {
                throw new Cli.UsageException("--text: the text needs at least 2 characters, it has " + text.length());
            }
            CellType cell = CellType.ofKind(c.choice("cell", "elman", "lstm", "gru"));
            int passes = c.integer("passes", 1, 100_000);
            int hidden = c.integer("hidden", 1, 4096);
            double lr = c.real("lr", 0, 10);
            double clip = c.real("clip", 0, 1e6);
            int sampleEvery = c.integer("sample-every", 1, 100_000);
            int sampleLength = c.integer("sample-length", 1, 100_000);
            int seed = c.integer("seed", 0, Integer.MAX_VALUE);
            String table = c.text("table");
            if (!table.equalsIgnoreCase("none")) {
                ReadmeTable t = new ReadmeTable("lrrrr", "`--cell`, `--layers`", "first pass", "last pass", "smoothed (min-char-rnn)",
                        "wall time");
                int vocabulary = 0;
                for (Object[] m : TABLE_MODELS) {
                    long t0 = System.nanoTime();
                    Result r = train(text, (CellType) m[0], (Integer) m[1], passes, hidden, seq, lr, clip, sampleEvery, sampleLength, seed, out);
                    vocabulary = r.vocabulary;
                    t.row(tableModel((CellType) m[0], (Integer) m[1]), String.format(Locale.ROOT, "%.3f", r.firstLoss),
                            String.format(Locale.ROOT, "%.3f", r.lastLoss), String.format(Locale.ROOT, "%.3f", r.smoothLoss),
                            ReadmeTable.seconds((System.nanoTime() - t0) / 1e9));
                }
                String caption = String.format(Locale.ROOT, "%d passes each on backend %s, FLOAT64, hidden %d, chunks of %d, Adagrad %s, "
                        + "seed %d; %s. Loss in nats per character (a uniform guess over the %d characters scores ln %d = %.3f):", passes,
                        Backends.get().name(), hidden, seq, lr, seed, ReadmeTable.machine(), vocabulary, vocabulary, Math.log(vocabulary));
                try {
                    out.println("Table written to " + t.write(Path.of(table), TABLE_COMMAND, caption));
                } catch (IOException e) {
                    err.println("could not write the table to " + table + ": " + e);
                    return 1;
                }
                return 0;
            }
            Result r = train(text, cell, c.integer("layers", 1, 8), passes, hidden, seq, lr, clip, sampleEvery, sampleLength, seed, out);
            out.println(String.format(Locale.ROOT, "Loss per character: %.3f in the first pass, %.3f in the last (smoothed %.3f); "
                    + "a uniform guess over %d characters scores ln(%d) = %.3f.", r.firstLoss, r.lastLoss, r.smoothLoss, r.vocabulary,
                    r.vocabulary, Math.log(r.vocabulary)));
            return 0;
        });
    }

    /** A model's name in the README's table: {@code `lstm`, 2}. */
    static String tableModel(CellType cell, int layers) {
        return "`" + cell.name().toLowerCase(Locale.ROOT) + "`, " + layers;
    }

    static String bundled() throws IOException {
        try (InputStream in = CharRnn.class.getResourceAsStream(DEFAULT_TEXT)) {
            if (in == null) {
                throw new IOException("bundled text " + DEFAULT_TEXT + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What a run produced, for tests. */
    static final class Result {
        int vocabulary;
        double firstLoss;
        double lastLoss;
        /** The smoothed loss after the last update. */
        double smoothLoss;
        /** The smoothed loss at the end of each pass. */
        final List<Double> smoothByPass = new ArrayList<>();
        String firstSample;
        String lastSample;
    }

    static Result train(String text, int passes, int hidden, int seq, double lr, double clip, int sampleEvery, int sampleLength,
                        long seed, PrintStream out) {
        return train(text, CellType.ELMAN, 1, passes, hidden, seq, lr, clip, sampleEvery, sampleLength, seed, out);
    }

    static Result train(String text, CellType cell, int layers, int passes, int hidden, int seq, double lr, double clip, int sampleEvery,
                        int sampleLength, long seed, PrintStream out) {
        char[] vocab = vocabulary(text);
        int v = vocab.length;
        int n = text.length() - 1;
        // Input: the character at t; target: the character at t + 1. One long sequence, batch 1.
        double[][][] x = new double[1][n][v];
        double[][][] y = new double[1][n][v];
        for (int t = 0; t < n; t++) {
            x[0][t][index(vocab, text.charAt(t))] = 1;
            y[0][t][index(vocab, text.charAt(t + 1))] = 1;
        }
        Backend backend = Backends.get();
        out.println("rnn4j char-level RNN: backend " + backend.name() + ", " + DType.FLOAT64 + "; " + text.length() + " characters, "
                + v + " distinct; " + layers + " " + cell.name().toLowerCase(Locale.ROOT) + " layer" + (layers == 1 ? "" : "s")
                + " of " + hidden + ", chunks of " + seq + ", Adagrad " + lr + ", clip ±" + clip);
        Rnn model = Rnn.builder().cell(cell).layers(layers).inputSize(v).hiddenSize(hidden).outputSize(v).dtype(DType.FLOAT64)
                .backend(backend).seed(seed).build();
        out.println("Loss: cross-entropy of the next character, in nats per character;");
        out.println(String.format(Locale.ROOT, "  a uniform guess scores ln(%d) = %.3f, a certain right guess 0.", v, Math.log(v)));
        out.println("Per pass: the mean of its chunks' losses (each scored before its own update), and the");
        out.println("  smoothed loss of min-char-rnn: 0.999·smooth + 0.001·chunk loss after every chunk, from ln(V).");
        out.println("  Single chunks are noisy (some lines are harder); the smoothed figure is the trend.");
        SplittableRandom sampler = new SplittableRandom(seed);
        Result result = new Result();
        result.vocabulary = v;
        result.smoothLoss = Math.log(v);
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
                result.smoothLoss = smooth(result.smoothLoss, loss);
            }

            @Override
            public void onEpochEnd(EpochSummary s) {
                if (s.epoch() == 1) {
                    result.firstLoss = s.trainLoss();
                }
                result.lastLoss = s.trainLoss();
                result.smoothByPass.add(result.smoothLoss);
                out.println(String.format(Locale.ROOT, "pass %d/%d  loss per character %.3f  smoothed %.3f  (%d ms)", s.epoch(), passes,
                        s.trainLoss(), result.smoothLoss, s.millis()));
                boolean show = s.epoch() == 1 || s.epoch() % sampleEvery == 0 || s.epoch() == passes;
                if (show) {
                    String sample = sample(model, vocab, text.charAt(0), sampleLength, sampler);
                    if (result.firstSample == null) {
                        result.firstSample = sample;
                    }
                    result.lastSample = sample;
                    out.println("---- sample after pass " + s.epoch() + ":");
                    out.println(sample);
                }
            }
        };
        Trainer.builder(model, Optimizer.adagrad(lr)).epochs(passes).batchSize(1).truncated(seq, seq).clipByValue(clip)
                .listener(listener).build().fit(SequenceDataset.everyStep(Loss.SOFTMAX_CROSS_ENTROPY, x, y, null));
        return result;
    }

    /** min-char-rnn's running loss: {@code SMOOTHING·previous + (1 − SMOOTHING)·chunkLoss}. */
    static double smooth(double previous, double chunkLoss) {
        return SMOOTHING * previous + (1 - SMOOTHING) * chunkLoss;
    }

    static char[] vocabulary(String text) {
        TreeSet<Character> set = new TreeSet<>();
        for (int i = 0; i < text.length(); i++) {
            set.add(text.charAt(i));
        }
        char[] v = new char[set.size()];
        int i = 0;
        for (char ch : set) {
            v[i++] = ch;
        }
        return v;
    }

    static int index(char[] vocab, char ch) {
        int i = java.util.Arrays.binarySearch(vocab, ch);
        if (i < 0) {
            throw new IllegalArgumentException("character '" + ch + "' is not in the vocabulary");
        }
        return i;
    }

    /** Samples characters one at a time from softmax(y), feeding each back in, from a zero state. */
    static String sample(Rnn model, char[] vocab, char seed, int length, SplittableRandom random) {
        Backend be = model.backend();
        Stepper stepper = model.stepper(1);
        Tensor x = be.zeros(model.dtype(), 1, vocab.length);
        double[] p = new double[vocab.length];
        StringBuilder sb = new StringBuilder(length);
        int current = index(vocab, seed);
        for (int i = 0; i < length; i++) {
            be.fillInto(0, x);
            x.set(0, current, 1);
            stepper.step(x).copyTo(p);
            double max = Double.NEGATIVE_INFINITY;
            for (double d : p) {
                max = Math.max(max, d);
            }
            double sum = 0;
            for (int k = 0; k < p.length; k++) {
                p[k] = Math.exp(p[k] - max);
                sum += p[k];
            }
            double u = random.nextDouble() * sum;
            current = p.length - 1;
            for (int k = 0; k < p.length; k++) {
                u -= p[k];
                if (u < 0) {
                    current = k;
                    break;
                }
            }
            sb.append(vocab[current]);
        }
        return sb.toString();
    }
}
