package io.kitchenwatch.devices.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a stage (or the node) started, closed in reverse order; one that fails to close does not keep the rest open.
 */
public final class Closer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Closer.class);
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    public <T extends AutoCloseable> T push(T component) {
        started.push(component);
        return component;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
