import org.rnn4j.api.DType;
import org.rnn4j.api.Tensor;
import org.rnn4j.spi.kit.AbstractBackend;
import org.rnn4j.spi.kit.ElementLoops;

/**
 * Stands in for the backend a README reader writes ("Writing a backend"), so that the snippet
 * using it compiles. Compiled with the README's snippets, never run.
 */
class MyBackend extends AbstractBackend {
    @Override
    public String name() {
        return "mine";
    }

    @Override
    protected Tensor create(DType dtype, int rows, int cols) {
        throw new UnsupportedOperationException("a stand-in for the reader's backend");
    }

    @Override
    protected ElementLoops.Elements elements(Tensor t) {
        throw new UnsupportedOperationException("a stand-in for the reader's backend");
    }

    @Override
    protected void gemm(double alpha, Tensor a, boolean transposeA, Tensor b, boolean transposeB, double beta, Tensor c) {
        throw new UnsupportedOperationException("a stand-in for the reader's backend");
    }
}
