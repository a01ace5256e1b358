package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.rnn4j.api.DType;

class PyTorchImportDemoTest {

    @Test
    void theImportedGruPredictsAsPyTorchDid() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PyTorchImportDemo.Result r = PyTorchImportDemo.evaluate(DType.FLOAT64, new PrintStream(out, true, StandardCharsets.UTF_8));
        // The file holds float32 weights; run in FLOAT64 the two models agree to float32 rounding of PyTorch's own arithmetic.
        assertTrue(r.largestDifference < 1e-5, "largest difference " + r.largestDifference);
        assertEquals(r.pytorchRmse, r.javaRmse, 1e-5);
        assertTrue(r.javaRmse < 0.01, "RMSE " + r.javaRmse);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Validation RMSE on the 50 held-out windows: rnn4j "), out.toString());
    }

    @Test
    void figuresAreReadFromTheFile() {
        String json = "{\"validation_rmse\": 1.5e-3, \"validation_predictions\": [0.5, -1,\n 2e-1]}";
        assertEquals(1.5e-3, PyTorchImportDemo.numbers(json, "validation_rmse")[0]);
        assertEquals(3, PyTorchImportDemo.numbers(json, "validation_predictions").length);
        assertEquals(-1, PyTorchImportDemo.numbers(json, "validation_predictions")[1]);
    }
}
