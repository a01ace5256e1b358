package org.rnn4j.backend.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon threads that run the parts of one job together with the calling thread,
 * without allocating: the job is a preallocated object, parts are claimed from a counter, and idle
 * workers spin for a short while before they park (a training step issues gemms microseconds apart).
 * One job runs at a time; a caller that finds the pool busy gets {@code false} and runs the job alone.
 * Which thread runs which part varies, except part 0, the caller's; the parts themselves do not, so
 * results do not depend on scheduling.
 */
final class WorkerPool {

    /** A job of numbered parts; {@link #run(int)} must be safe to call for different parts concurrently. */
    interface Job {
        /**
         * Runs one part.
         *
         * @param part the part's number, from 0
         */
        void run(int part);
    }

    /**
     * How long an idle worker spins before parking, in nanoseconds: half a millisecond, what OpenMP
     * runtimes spin by default is of that order or longer. With 50 µs the worker parked before nearly
     * every product of a training step (99 times in a large Elman step of 100 products, 52 of 52 in
     * an LSTM step) and was unparked for the next; with 500 µs, 3 and 5 times, and the steps took
     * 3.5 % (Elman), 2.7 % (GRU) and 1.8 % (LSTM) less (one JVM, alternating;
     * benchmarks/results/copies-2026-12-07/spin.log).
     */
    private static final long SPIN_NANOS = 500_000;

    private final Thread[] workers;
    /** (generation &lt;&lt; 32) | next part: a claim only counts for the generation it was made in. */
    private final AtomicLong ticket = new AtomicLong();
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile int generation;
    private volatile Job job;
    private volatile int parts;
    private volatile Throwable failure;

    /**
     * Starts {@code threads − 1} daemon workers: the caller is the last thread.
     *
     * @param threads the total number of threads, at least 2
     * @param name the worker threads' name prefix
     */
    WorkerPool(int threads, String name) {
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            Thread t = new Thread(this::workLoop, name + "-" + (i + 1));
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /**
     * Runs every part of a job on the pool's threads and the caller's, and returns when all are done.
     * Part 0 is always the caller's; the others go to whichever thread claims them first (the caller
     * too, once its part is done).
     *
     * @param j the job
     * @param n the number of parts
     * @return false, having run nothing, if another job holds the pool
     */
    boolean run(Job j, int n) {
        if (!busy.compareAndSet(0, 1)) {
            return false;
        }
        try {
            // The ticket moves to the new generation first: a worker still reading the previous
            // job then finds a generation it does not hold and claims nothing.
            int g = generation + 1;
            ticket.set((long) g << 32 | 1);                    // part 0 is the caller's, whatever the workers do
            failure = null;
            job = j;
            parts = n;
            remaining.set(n);
            generation = g;
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
            runPart(j, 0);
            work(g);
            while (remaining.get() > 0) {
                Thread.onSpinWait();
            }
            Throwable f = failure;
            if (f instanceof RuntimeException) {
                throw (RuntimeException) f;
            }
            if (f instanceof Error) {
                throw (Error) f;
            }
            return true;
        } finally {
            job = null;
            busy.set(0);
        }
    }

    private void work(int g) {
        Job j = job;
        int n = parts;
        while (true) {
            long t = ticket.get();
            int part = (int) t;
            if ((int) (t >>> 32) != g || part >= n) {
                return;
            }
            if (!ticket.compareAndSet(t, t + 1)) {
                continue;
            }
            runPart(j, part);
        }
    }

    private void runPart(Job j, int part) {
        try {
            j.run(part);
        } catch (Throwable e) {
            failure = e;
        } finally {
            remaining.decrementAndGet();
        }
    }

    private void workLoop() {
        int seen = generation;
        while (true) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            int g;
            while ((g = generation) == seen) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = g;
            work(g);
        }
    }
}
