/** rnn4j interop: PyTorch state_dicts read from safetensors into rnn4j models; rnn4j models written as ONNX. */
module org.rnn4j.interop {
    requires transitive org.rnn4j.core;

    exports org.rnn4j.interop;
}
