/**
 * Runnable rnn4j demos. Each takes its backend from {@code -Drnn4j.backend=NAME} (or the default
 * choice), prints which backend and dtype it used, and answers {@code --help}.
 */
package org.rnn4j.examples;
