package org.rnn4j.core;

/**
 * A few workspaces by shape (batch, steps, loss steps), the least recently used dropped when a new shape needs room:
 * a call of a shape seen before allocates nothing, and memory does not grow with the number of shapes seen.
 *
 * @param <W> the workspace type
 */
final class Workspaces<W> {
    private final Object[] items;
    private final int[][] shapes;
    private final long[] used;
    private long clock;

    Workspaces(int capacity) {
        items = new Object[capacity];
        shapes = new int[capacity][3];
        used = new long[capacity];
    }

    /** {@return the workspace of a shape (now the most recently used), or null if none is held} */
    @SuppressWarnings("unchecked")
    W get(int batch, int n, int l) {
        for (int i = 0; i < items.length; i++) {
            if (items[i] != null && shapes[i][0] == batch && shapes[i][1] == n && shapes[i][2] == l) {
                used[i] = ++clock;
                return (W) items[i];
            }
        }
        return null;
    }

    /** Holds a new workspace of a shape not held, in a free place or the least recently used one's; returns that one, or null. */
    @SuppressWarnings("unchecked")
    W put(int batch, int n, int l, W ws) {
        int slot = 0;
        for (int i = 0; i < items.length && items[slot] != null; i++) {
            if (items[i] == null || used[i] < used[slot]) {
                slot = i;
            }
        }
        W dropped = (W) items[slot];
        items[slot] = ws;
        shapes[slot][0] = batch;
        shapes[slot][1] = n;
        shapes[slot][2] = l;
        used[slot] = ++clock;
        return dropped;
    }

    /** {@return the number of workspaces held} */
    int size() {
        int c = 0;
        for (Object o : items) {
            c += o != null ? 1 : 0;
        }
        return c;
    }
}
