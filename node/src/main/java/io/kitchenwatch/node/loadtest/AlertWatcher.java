package io.kitchenwatch.node.loadtest;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Follows the node's live stream of alerts ({@code /api/v1/live?channels=alert}) as a dashboard does, and times each
 * grease alarm from the publication of the reading that raised it to its arrival here.
 */
final class AlertWatcher implements AutoCloseable {
    private final List<Long> latenciesMs = new ArrayList<>();
    private final Thread reader;
    private volatile Stream<String> lines;
    private volatile long alerts;

    /** @param sentAt when the fault reading of (device, ts) was published, or null if that was no fault of ours */
    AlertWatcher(String nodeUrl, String token, BiFunction<String, Long, Long> sentAt) throws Exception {
        lines = LiveLines.open(nodeUrl, token, "alert");
        reader = new Thread(() -> {
            try {
                lines.forEach(line -> {
                    if (line.startsWith("data: ")) {
                        long now = System.currentTimeMillis();
                        JsonObject alert = new JsonObject(line.substring(6));
                        alerts++;
                        if ("grease_level_alarm".equals(alert.getString("type")) && !alert.getBoolean("cleared", false)) {
                            Long sent = sentAt.apply(alert.getString("device"), alert.getLong("updated"));
                            if (sent != null) {
                                synchronized (latenciesMs) {
                                    latenciesMs.add(now - sent);
                                }
                            }
                        }
                    }
                });
            } catch (RuntimeException closed) {
                // the stream ended
            }
        }, "loadtest-alerts");
        reader.setDaemon(true);
        reader.start();
    }

    List<Long> latencies() {
        synchronized (latenciesMs) {
            return List.copyOf(latenciesMs);
        }
    }

    long alerts() {
        return alerts;
    }

    @Override
    public void close() {
        Stream<String> s = lines;
        if (s != null) {
            s.close();
        }
    }
}
