package org.rnn4j.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.openblas.global.openblas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;

/**
 * With {@code -Drnn4j.nd4j.onednn=false} (this class runs in a JVM of its own that sets it; see the
 * module's POM): every product goes to OpenBLAS, correctly, and OpenBLAS's thread count is left as
 * it was, though ND4J's -onednn build is the one that loaded.
 */
class OneDnnOffTest {

    @Test
    void everyProductGoesToOpenBlasAndItsThreadsAreLeftAlone() {
        assertEquals("false", System.getProperty(OneDnnGemm.PROPERTY), "this class runs only in the surefire execution that turns oneDNN off");
        // The JVM's first use of ND4J: matrixProducts starts it (OpenBLAS reports -1 threads before).
        assertEquals("OpenBLAS (oneDNN turned off by -Drnn4j.nd4j.onednn=false)", Nd4jBackend.matrixProducts());
        int threads = openblas.blas_get_num_threads();
        Tensor[] abc = OneDnnGemmTest.productOfRandomOperands(DType.FLOAT32, false, 21);
        double[] a = abc[0].toDoubleArray();
        double[] b = abc[1].toDoubleArray();
        int m = OneDnnGemmTest.M;
        int n = OneDnnGemmTest.N;
        double[] expected = OneDnnGemmTest.reference(1, a, false, b, false, 0, new double[m * n]);
        OneDnnGemmTest.assertProductClose(expected, abc[2].toDoubleArray(), a, false, b, false, "C");

        assertFalse(OneDnnGemm.takes(m, n, OneDnnGemmTest.K));
        if (OS.LINUX.isCurrentOs() && "amd64".equals(System.getProperty("os.arch"))) {
            // What was turned off was there.
            assertTrue(NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN"));
        }
        assertEquals(threads, openblas.blas_get_num_threads(), "OpenBLAS's thread count");
    }
}
