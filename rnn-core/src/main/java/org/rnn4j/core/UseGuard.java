package org.rnn4j.core;

import java.util.ConcurrentModificationException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Detects a model used by two threads at once: one compare-and-set on entering a public operation
 * and one write on leaving it, no lock. The owning thread may re-enter (a training listener that
 * runs a forward pass).
 */
final class UseGuard {
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private int depth;

    void enter(String operation) {
        Thread me = Thread.currentThread();
        if (owner.get() == me) {
            depth++;
            return;
        }
        if (!owner.compareAndSet(null, me)) {
            Thread other = owner.get();
            throw new ConcurrentModificationException(operation + " on thread '" + me.getName() + "' while thread '"
                    + (other == null ? "?" : other.getName()) + "' is using the same model. A model is used by one thread at a time: "
                    + "give each thread its own model.replica() to serve predictions, or its own model to train");
        }
        depth = 1;
    }

    void exit() {
        if (--depth == 0) {
            owner.set(null);
        }
    }
}
