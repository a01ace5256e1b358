package org.rnn4j.interop;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs an ONNX model in ONNX Runtime on one input X [T, B, I], or on named inputs, and returns every output, flattened, as doubles. */
final class OnnxRuntimeOracle {
    private OnnxRuntimeOracle() {
    }

    static Map<String, double[]> run(byte[] model, double[] x, boolean float64, long... shape) throws OrtException {
        return run(model, float64, Map.of("X", new Input(x, shape)));
    }

    /** One graph input's values, row-major, and its shape. */
    record Input(double[] values, long... shape) {
    }

    /** Runs the model on the named inputs (all float, or all double). */
    static Map<String, double[]> run(byte[] model, boolean float64, Map<String, Input> inputs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model, options)) {
            Map<String, OnnxTensor> feed = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, Input> e : inputs.entrySet()) {
                    feed.put(e.getKey(), tensor(env, e.getValue().values(), float64, e.getValue().shape()));
                }
                return outputs(session.run(feed), float64);
            } finally {
                for (OnnxTensor t : feed.values()) {
                    t.close();
                }
            }
        }
    }

    private static OnnxTensor tensor(OrtEnvironment env, double[] x, boolean float64, long... shape) throws OrtException {
        if (float64) {
            return OnnxTensor.createTensor(env, DoubleBuffer.wrap(x.clone()), shape);
        }
        float[] f = new float[x.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) x[i];
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
    }

    private static Map<String, double[]> outputs(OrtSession.Result run, boolean float64) {
        try (OrtSession.Result result = run) {
            Map<String, double[]> out = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> e : result) {
                OnnxTensor t = (OnnxTensor) e.getValue();
                double[] v;
                if (float64) {
                    DoubleBuffer b = t.getDoubleBuffer();
                    v = new double[b.remaining()];
                    b.get(v);
                } else {
                    FloatBuffer b = t.getFloatBuffer();
                    v = new double[b.remaining()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = b.get(i);
                    }
                }
                out.put(e.getKey(), v);
            }
            return out;
        }
    }
}
