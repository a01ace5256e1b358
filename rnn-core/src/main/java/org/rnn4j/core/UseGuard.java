package org.rnn4j.core;

import java.lang.invoke.VarHandle;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.rnn4j.api.Parameter;

/**
 * Detects a model used by two threads at once: one compare-and-set on entering a public operation
 * and one write on leaving it, no lock. The owning thread may re-enter (a training listener that
 * runs a forward pass). A replica's guard also watches the parameters it shares with its original
 * ({@link Parameter#version()}): a call that overlaps an update of them (the original being
 * trained on another thread) fails instead of returning an output of mixed weights.
 */
final class UseGuard {
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private int depth;
    /** The parameters a replica shares with its original, or null. */
    private List<Parameter> watched;
    /** Their version sum when the outermost call entered. */
    private long seen;

    /** Makes every outermost call check that these parameters were not updated while it ran. */
    void watch(List<Parameter> parameters) {
        this.watched = parameters;
    }

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
        if (watched != null) {
            long sum = 0;
            boolean updating = false;
            for (int i = 0; i < watched.size(); i++) {
                long v = watched.get(i).version();
                updating |= (v & 1) != 0;
                sum += v;
            }
            if (updating) {
                depth = 0;
                owner.set(null);
                throw replicaRaced(operation, "are being updated");
            }
            seen = sum;
        }
    }

    /**
     * Throws if the watched parameters changed since the outermost call entered; a replica's calls
     * run this before they return their result.
     *
     * @param operation the call, for the message
     */
    void requireUnchanged(String operation) {
        if (watched == null || depth != 1) {
            return;
        }
        // The call's plain reads of the weights must not move after the versions are read again.
        VarHandle.acquireFence();
        long sum = 0;
        for (int i = 0; i < watched.size(); i++) {
            sum += watched.get(i).version();
        }
        if (sum != seen) {
            throw replicaRaced(operation, "were updated while it ran");
        }
    }

    private static ConcurrentModificationException replicaRaced(String operation, String what) {
        return new ConcurrentModificationException(operation + " on a replica on thread '" + Thread.currentThread().getName()
                + "': the original model's parameters " + what + " (the original is being trained), so its output could mix two versions "
                + "of the weights. Do not train the original while replicas serve: pause training, or serve a copy of the model "
                + "(Checkpoint.save and load)");
    }

    void exit() {
        if (--depth == 0) {
            owner.set(null);
        }
    }
}
