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

/** Runs an ONNX model in ONNX Runtime on one input X [T, B, I] and returns every output, flattened, as doubles. */
final class OnnxRuntimeOracle {
    private OnnxRuntimeOracle() {
    }

    static Map<String, double[]> run(byte[] model, double[] x, boolean float64, long... shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model, options)) {
            OnnxTensor input;
            if (float64) {
                input = OnnxTensor.createTensor(env, DoubleBuffer.wrap(x.clone()), shape);
            } else {
                float[] f = new float[x.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) x[i];
                }
                input = OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
            }
            try (input; OrtSession.Result result = session.run(Map.of("X", input))) {
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
}
