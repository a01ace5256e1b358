package org.rnn4j.core.cell;

import java.util.List;
import org.rnn4j.api.Cell;

/** What a cell declares about itself, held once: its kind and the names of its gates, states and cache blocks. */
abstract class NamedCell implements Cell {
    private final String kind;
    private final List<String> gates;
    private final List<String> states;
    private final List<String> cache;
    private final boolean separateRecurrentPath;

    NamedCell(String kind, List<String> gates, List<String> states, List<String> cache, boolean separateRecurrentPath) {
        this.kind = kind;
        this.gates = gates;
        this.states = states;
        this.cache = cache;
        this.separateRecurrentPath = separateRecurrentPath;
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final List<String> gateNames() {
        return gates;
    }

    @Override
    public final List<String> stateNames() {
        return states;
    }

    @Override
    public final boolean separateRecurrentPath() {
        return separateRecurrentPath;
    }

    @Override
    public final List<String> cacheNames() {
        return cache;
    }
}
