package io.kitchenwatch.node.loadtest;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;

/**
 * What a regulator's wall screens do during a loadtest: each follows the live stream of alerts and status turns
 * ({@code /api/v1/live?channels=alert,status}), and the province overview is asked every two seconds as the page
 * does after a burst of turns. Reports how long the overview took, how many devices it counted online, what each
 * stream carried and whether any stream ended before the run did.
 */
final class WallScreenProbe implements AutoCloseable {
    private static final long POLL_MS = 2_000;

    /** One overview answer: when (s since the probe started), how long it took, and the devices it counted online. */
    record OverviewSample(double seconds, long latencyMs, long devicesOnline) {
    }

    private final String nodeUrl;
    private final String token;
    private final long t0 = System.nanoTime();
    private final List<Stream<String>> streams = new ArrayList<>();
    private final AtomicLongArray events;
    private final AtomicLong dropped = new AtomicLong();
    private final List<OverviewSample> overview = new ArrayList<>();
    private final Thread poller;
    private volatile boolean closed;

    WallScreenProbe(String nodeUrl, String token, int screens) throws Exception {
        this.nodeUrl = nodeUrl;
        this.token = token;
        this.events = new AtomicLongArray(screens);
        for (int i = 0; i < screens; i++) {
            follow(i);
        }
        poller = new Thread(this::poll, "loadtest-overview");
        poller.setDaemon(true);
        poller.start();
    }

    private void follow(int screen) throws Exception {
        Stream<String> lines = LiveLines.open(nodeUrl, token, "alert,status");
        streams.add(lines);
        Thread reader = new Thread(() -> {
            try {
                lines.forEach(line -> {
                    if (line.startsWith("data: ")) {
                        events.incrementAndGet(screen);
                    }
                });
            } catch (RuntimeException ended) {
                // read below
            }
            if (!closed) {
                dropped.incrementAndGet();
            }
        }, "loadtest-wall-screen-" + screen);
        reader.setDaemon(true);
        reader.start();
    }

    private void poll() {
        while (!closed) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> r = NodeMetrics.HTTP.send(HttpRequest.newBuilder(URI.create(nodeUrl + "/api/v1/overview"))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                long ms = (System.nanoTime() - start) / 1_000_000;
                long online = r.statusCode() == 200 ? new JsonObject(r.body()).getJsonObject("totals").getLong("devices_online", -1L) : -1;
                synchronized (overview) {
                    overview.add(new OverviewSample((start - t0) / 1e9, ms, online));
                }
                Thread.sleep(Math.max(0, POLL_MS - ms));
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                System.err.println("loadtest: the overview failed: " + e);
            }
        }
    }

    String summary() {
        List<OverviewSample> samples;
        synchronized (overview) {
            samples = List.copyOf(overview);
        }
        List<Long> latencies = new ArrayList<>(samples.stream().map(OverviewSample::latencyMs).sorted().toList());
        long most = samples.stream().mapToLong(OverviewSample::devicesOnline).max().orElse(-1);
        long last = samples.isEmpty() ? -1 : samples.get(samples.size() - 1).devicesOnline();
        long fewest = Long.MAX_VALUE;
        long busiest = 0;
        for (int i = 0; i < events.length(); i++) {
            fewest = Math.min(fewest, events.get(i));
            busiest = Math.max(busiest, events.get(i));
        }
        return String.format(Locale.ROOT, "wall       %d live streams of alerts and status turns: %,d to %,d events each, %d ended early%n"
                        + "overview   %d asked: p50 %.0f ms, p95 %.0f ms, max %.0f ms; devices online at most %,d, %,d at the end%n",
                events.length(), events.length() == 0 ? 0 : fewest, busiest, dropped.get(), samples.size(), LoadReport.percentile(latencies, 50),
                LoadReport.percentile(latencies, 95), LoadReport.percentile(latencies, 100), most, last);
    }

    /** {@code overview.csv}: seconds, latency_ms, devices_online. */
    void write(Path out) throws IOException {
        StringBuilder csv = new StringBuilder("seconds,latency_ms,devices_online\n");
        synchronized (overview) {
            overview.forEach(s -> csv.append(String.format(Locale.ROOT, "%.1f,%d,%d%n", s.seconds(), s.latencyMs(), s.devicesOnline())));
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("overview.csv"), csv);
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        streams.forEach(Stream::close);
    }
}
