package io.kitchenwatch.node.loadtest;

import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.node.NodeTokens;
import io.kitchenwatch.devices.identity.CredentialKind;
import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.node.config.ConfigException;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.config.Setting;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kitchenwatch loadtest}: drives registered devices of a running node through its broker at a given rate (or
 * as fast as it goes), with a share of grease alarms, and reports what was published, stored and analysed, the
 * publish-to-alert latency on the live stream, the node's CPU per message and heap, and what was lost.
 */
public final class LoadtestCommand {
    /** Devices asked for per request: the API's largest page. */
    private static final int DEVICE_PAGE = 10_000;

    private LoadtestCommand() {
    }

    public static int run(Map<String, String> given) {
        try {
            Map<String, String> flags = new HashMap<>(given);
            String nodeUrl = Optional.ofNullable(flags.remove("node")).orElse("http://127.0.0.1:8080");
            int devices = Integer.parseInt(Optional.ofNullable(flags.remove("devices")).orElse("20"));
            int rate = Integer.parseInt(Optional.ofNullable(flags.remove("rate")).orElse("0"));
            long seconds = Long.parseLong(Optional.ofNullable(flags.remove("seconds")).orElse("60"));
            int faultEvery = Integer.parseInt(Optional.ofNullable(flags.remove("fault-every")).orElse("1000"));
            long drainSeconds = Long.parseLong(Optional.ofNullable(flags.remove("drain-seconds")).orElse("300"));
            Path out = Path.of(Optional.ofNullable(flags.remove("out"))
                    .orElse("loadtest-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
            String mqttUrl = Optional.ofNullable(flags.remove("mqtt-url")).orElse("tcp://127.0.0.1:1883");
            String username = flags.remove("username");
            String password = flags.remove("password");
            String token = flags.remove("token");
            int wallScreens = Integer.parseInt(Optional.ofNullable(flags.remove("wall-screens")).orElse("0"));
            long lingerSeconds = Long.parseLong(Optional.ofNullable(flags.remove("linger-seconds")).orElse("0"));
            if (devices < 1 || rate < 0 || seconds < 1 || faultEvery < 0 || wallScreens < 0 || wallScreens > 1000 || lingerSeconds < 0) {
                throw new ConfigException("--devices and --seconds must be at least 1, --rate, --fault-every and --linger-seconds at least 0, "
                        + "--wall-screens 0..1000");
            }
            KitchenWatchConfig node = KitchenWatchConfig.resolve(flags, System.getenv());
            if (username == null) {
                // on the node's own box: a bridge login (may publish for any registered device) from its data folder
                username = "loadtest";
                password = CredentialStore.in(node.dataDir()).issue(username, CredentialKind.BRIDGE).password();
                Thread.sleep(1_500); // the node reads its logins again within a second
            }
            if (token == null) {
                token = NodeTokens.issue(node, new Caller("loadtest", Role.ADMIN, ""), Duration.ofHours(6));
            }
            LoadtestConfig config = new LoadtestConfig(nodeUrl, token, mqttUrl, username, password, devices, rate,
                    Duration.ofSeconds(seconds), faultEvery, Duration.ofSeconds(drainSeconds), out, wallScreens, Duration.ofSeconds(lingerSeconds));
            return new Loadtest(config, node.get(Setting.TOPIC_ROOT)).run();
        } catch (ConfigException | NumberFormatException e) {
            System.err.println("kitchenwatch loadtest: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("kitchenwatch loadtest: " + e);
            return 1;
        }
    }

    /** One run: pick devices, publish with a progress line, wait for the node to catch up, report. */
    private record Loadtest(LoadtestConfig config, String topicRoot) {
        int run() throws Exception {
            List<LoadDevice> devices = devices();
            System.out.printf(Locale.ROOT, "loadtest: %d devices (%d separators with faults) -> %s, node %s%n", devices.size(),
                    devices.stream().filter(LoadDevice::canFault).count(), config.mqttUrl(), config.nodeUrl());
            List<Sample> samples = new ArrayList<>();
            try (LoadPublisher publisher = new LoadPublisher(config.mqttUrl(), config.username(), config.password());
                 AlertWatcher alerts = new AlertWatcher(config.nodeUrl(), config.token(), publisher::faultSent);
                 WallScreenProbe wall = config.wallScreens() == 0 ? null : new WallScreenProbe(config.nodeUrl(), config.token(), config.wallScreens())) {
                long t0 = System.nanoTime();
                samples.add(sample(t0, publisher, alerts));
                Thread progress = new Thread(() -> follow(t0, publisher, alerts, samples), "loadtest-progress");
                progress.setDaemon(true);
                progress.start();
                publisher.run(devices, config.rate(), config.duration().toMillis(), config.faultEvery());
                double publishSeconds = (System.nanoTime() - t0) / 1e9;
                waitForStore();
                progress.interrupt();
                progress.join(2_000);
                Sample end = sample(t0, publisher, alerts);
                synchronized (samples) {
                    samples.add(end);
                }
                System.out.println();
                String summary = LoadReport.summary(config, samples, end, alerts.latencies(), publisher.faults(), publishSeconds);
                if (wall != null) {
                    if (!config.linger().isZero()) {
                        System.out.printf(Locale.ROOT, "loadtest: the wall screens watch %d s more%n", config.linger().toSeconds());
                        Thread.sleep(config.linger().toMillis());
                    }
                    summary += wall.summary();
                    wall.write(config.out());
                }
                System.out.print(summary);
                LoadReport.write(config.out(), samples, alerts.latencies(), summary);
                System.out.println("written to " + config.out().toAbsolutePath() + " (samples.csv, latency.csv, summary.txt, loadtest.png)");
                return 0;
            }
        }

        /** The node's registered devices (every page of them), in id order; cameras last (their readings raise nothing). */
        private List<LoadDevice> devices() throws Exception {
            long firstSeq = System.currentTimeMillis() * 1000; // above anything an earlier run sent
            List<LoadDevice> out = new ArrayList<>();
            for (int offset = 0, total = 1; offset < total; offset += DEVICE_PAGE) {
                HttpResponse<String> r = NodeMetrics.HTTP.send(HttpRequest.newBuilder(URI.create(config.nodeUrl()
                                + "/api/v1/devices?limit=" + DEVICE_PAGE + "&offset=" + offset))
                        .header("Authorization", "Bearer " + config.token()).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GET /api/v1/devices answered " + r.statusCode() + ": " + r.body());
                }
                total = Integer.parseInt(r.headers().firstValue("X-Total-Count").orElse("0"));
                for (Object o : new JsonArray(r.body())) {
                    JsonObject d = (JsonObject) o;
                    if (d.getBoolean("registered", false) && d.getString("kind") != null) {
                        out.add(new LoadDevice(topicRoot, d.getString("site"), d.getString("id"), d.getString("kind"), firstSeq));
                    }
                }
            }
            out.sort(Comparator.comparing((LoadDevice d) -> !d.canFault()).thenComparing(LoadDevice::id));
            if (out.isEmpty()) {
                throw new IllegalStateException("the node lists no registered devices");
            }
            return out.subList(0, Math.min(config.devices(), out.size()));
        }

        private void follow(long t0, LoadPublisher publisher, AlertWatcher alerts, List<Sample> samples) {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(1_000);
                    Sample s = sample(t0, publisher, alerts);
                    Sample previous;
                    synchronized (samples) {
                        previous = samples.get(samples.size() - 1);
                        samples.add(s);
                    }
                    double dt = Math.max(1e-3, s.seconds() - previous.seconds());
                    System.out.printf(Locale.ROOT, "\r%5.0f s  published %,d (%,.0f/s)  stored %,.0f (%,.0f/s)  analysed %,.0f  alerts %d   ",
                            s.seconds(), s.published(), (s.published() - previous.published()) / dt, s.stored() - samples.get(0).stored(),
                            (s.stored() - previous.stored()) / dt, s.analysed() - samples.get(0).analysed(), s.alerts());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                System.err.println("loadtest: cannot read the node's metrics: " + e);
            }
        }

        /** Waits until the node's stored count stops growing (2.5 s without a change), at most the drain time. */
        private void waitForStore() throws Exception {
            long deadline = System.nanoTime() + config.drain().toNanos();
            double last = -1;
            int still = 0;
            while (System.nanoTime() < deadline) {
                NodeMetrics m = NodeMetrics.read(config.nodeUrl());
                if (last >= 0 && m.stored() == last && ++still >= 5) {
                    return;
                }
                if (m.stored() != last) {
                    still = 0;
                }
                last = m.stored();
                Thread.sleep(500);
            }
        }

        private Sample sample(long t0, LoadPublisher publisher, AlertWatcher alerts) throws Exception {
            NodeMetrics m = NodeMetrics.read(config.nodeUrl());
            return new Sample((System.nanoTime() - t0) / 1e9, publisher.published(), publisher.acked(), m.stored(), m.analysed(),
                    alerts.alerts(), m.cpuSeconds(), m.heapBytes());
        }
    }
}
