package io.kitchenwatch.node.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The figures a loadtest reads off the node's {@code /metrics}: stored and analysed messages, CPU time, heap. */
record NodeMetrics(double stored, double analysed, double cpuSeconds, double heapBytes) {
    /**
     * The loadtest's one client to the node, over HTTP/1.1: the JDK client's h2c upgrade of a large answer (the
     * metrics) was seen to hang for good (as the test fixture of the same name notes).
     */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static NodeMetrics read(String nodeUrl) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(nodeUrl + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double stored = 0;
        double analysed = 0;
        double cpu = 0;
        double heap = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = line.substring(0, space);
            double value = Double.parseDouble(line.substring(space + 1));
            if (name.startsWith("kw_messages_stored_total")) {
                stored += value;
            } else if (name.startsWith("kw_analytics_messages_total")) {
                analysed += value;
            } else if (name.startsWith("process_cpu_time_ns_total")) {
                cpu += value / 1e9;
            } else if (name.startsWith("jvm_memory_used_bytes") && name.contains("area=\"heap\"")) {
                heap += value;
            }
        }
        return new NodeMetrics(stored, analysed, cpu, heap);
    }
}
