/**
 * rnn4j interop: PyTorch state_dicts read from safetensors; ONNX models written and read; Keras 3 .keras and Keras 2
 * .h5 models read (their HDF5 through jhdf); all exact or refused.
 */
module org.rnn4j.interop {
    requires transitive org.rnn4j.core;
    requires io.jhdf;

    exports org.rnn4j.interop;
}
