package org.rnn4j.api;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A named trainable tensor and the tensor that accumulates its gradient, of the same shape.
 *
 * <p>Names are the ones of the math ({@code "U"}, {@code "W"}, {@code "V"}, {@code "b"},
 * {@code "c"}) so that error messages, checkpoints and traces speak the same language.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor gradient;
    /** Odd while an update of the values is under way; every {@link #beginUpdate}/{@link #endUpdate} adds one. */
    private final AtomicLong version = new AtomicLong();

    /**
     * Pairs a value with its gradient buffer.
     *
     * @param name the parameter's name, not blank
     * @param value the trainable values (kept, not copied)
     * @param gradient the gradient buffer (kept, not copied), same backend, shape and dtype as {@code value}
     * @throws IllegalArgumentException if the name is blank or the two tensors differ in backend, shape or dtype
     */
    public Parameter(String name, Tensor value, Tensor gradient) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(gradient, "gradient");
        if (name.isBlank()) {
            throw new IllegalArgumentException("parameter name is blank");
        }
        if (value == gradient) {
            throw new IllegalArgumentException("parameter " + name + ": value and gradient are the same tensor");
        }
        if (value.backend() != gradient.backend() || value.rows() != gradient.rows()
                || value.cols() != gradient.cols() || value.dtype() != gradient.dtype()) {
            throw new IllegalArgumentException("parameter " + name + ": value is " + value.describe()
                    + " on " + value.backend().name() + " but gradient is " + gradient.describe()
                    + " on " + gradient.backend().name());
        }
        this.name = name;
        this.value = value;
        this.gradient = gradient;
    }

    /**
     * Returns the name.
     *
     * @return the parameter's name, e.g. {@code "W"}
     */
    public String name() {
        return name;
    }

    /**
     * Returns the trainable values.
     *
     * @return the value tensor (live, not a copy)
     */
    public Tensor value() {
        return value;
    }

    /**
     * Returns the gradient buffer.
     *
     * @return the gradient tensor (live, not a copy)
     */
    public Tensor gradient() {
        return gradient;
    }

    /**
     * Returns the version of the values: it grows by one when an update of them begins and by one
     * when it ends, so it is odd while one is under way. A reader on another thread (a model's
     * replica) reads it before and after it reads the values: an odd or changed version means it
     * may have read a mix of old and new values.
     *
     * @return the version, from 0
     */
    public long version() {
        return version.get();
    }

    /**
     * Marks the start of an in-place update of the values (optimizers and trainers call this; a
     * write through {@link #value()} without it goes unseen by readers on other threads).
     */
    public void beginUpdate() {
        version.incrementAndGet();
    }

    /** Marks the end of an update that {@link #beginUpdate} began. */
    public void endUpdate() {
        version.incrementAndGet();
    }

    @Override
    public String toString() {
        return name + " " + value.describe();
    }
}
