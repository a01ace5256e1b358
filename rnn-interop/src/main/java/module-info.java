/** rnn4j interop: PyTorch state_dicts read from safetensors; ONNX models written and read; all exact or refused. */
module org.rnn4j.interop {
    requires transitive org.rnn4j.core;

    exports org.rnn4j.interop;
}
