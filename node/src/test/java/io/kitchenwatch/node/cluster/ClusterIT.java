package io.kitchenwatch.node.cluster;

import io.kitchenwatch.ingest.fixtures.Backends;
import io.kitchenwatch.ingest.fixtures.KafkaProcess;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.kitchenwatch.node.fixtures.AckCountingPublisher;
import io.kitchenwatch.node.fixtures.AlertObserver;
import io.kitchenwatch.node.fixtures.LiveLines;
import io.kitchenwatch.node.fixtures.NodeMetrics;
import io.kitchenwatch.node.fixtures.NodeProcess;
import io.kitchenwatch.node.fixtures.ScriptedBatches;
import io.kitchenwatch.node.fixtures.StoredAlerts;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes in two JVMs in cluster mode on one Kafka (a real KRaft broker), one Mosquitto and one InfluxDB 1.6.7.
 * Eight cabinets report steadily and a plant's cabinet runs scripted disinfection batches while the node that judges
 * the plant's batches is killed with {@code kill -9}: the survivor takes its partitions and its broker session over
 * and rebuilds the cabinet's rule state from the store. With the killed node still down, every acknowledged reading
 * is stored exactly once, each batch is judged once with its scripted verdict, no alert is raised twice, and no
 * device is called offline while it reports.
 */
class ClusterIT {
    static final String[][] CABINETS = {
            {"sch-01", "sch-01-cab-1"}, {"sch-02", "sch-02-cab-1"}, {"sch-03", "sch-03-cab-1"}, {"sch-04", "sch-04-cab-1"},
            {"sch-05", "sch-05-cab-1"}, {"sch-06", "sch-06-cab-1"}, {"dsp-01", "dsp-01-cab-2"}, {"dsp-02", "dsp-02-cab-2"}};
    static final String PLANT_CABINET = "dsp-01-cab-1";
    static final int READINGS = 3_000;
    static final int BATCHES = 12;
    final long t0 = System.currentTimeMillis() - 3_600_000;
    final IntFunction<String> reading = seq -> "{\"ts\":" + (t0 + seq * 100L) + ",\"seq\":" + seq
            + ",\"values\":{\"temp_c\":80.0,\"running\":true}}";
    final ScriptedBatches batches = new ScriptedBatches("dsp-01", PLANT_CABINET, t0 - 3 * 3_600_000L, BATCHES);
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void twoNodesGiveOneCountyThroughAKillOfOne(@TempDir Path dir) throws Exception {
        try (Backends backends = Backends.start(Backends.Kind.MOSQUITTO_INFLUX); KafkaProcess kafka = new KafkaProcess()) {
            kafka.start();
            NodeProcess a = clusterNode(dir.resolve("a"), "kw-node-a", backends, kafka);
            NodeProcess b = clusterNode(dir.resolve("b"), "kw-node-b", backends, kafka);
            a.start();
            b.start();
            List<AckCountingPublisher> publishers = new ArrayList<>();
            try (a; b; AckCountingPublisher plant = new AckCountingPublisher(backends.brokerUri(), "cluster-test-plant");
                 AlertObserver observer = new AlertObserver(backends.brokerUri(), "cluster-test-observer")) {
                // both nodes have joined and the group is balanced, so no partition moves before the kill
                await(Duration.ofSeconds(60), () -> new double[] {owned(a), owned(b)}, o -> o[0] > 0 && o[1] > 0 && o[0] + o[1] == 12);
                LiveLines liveA = new LiveLines(http, a.base() + "/api/v1/live?channels=telemetry&access_token=" + login(a));
                LiveLines liveB = new LiveLines(http, b.base() + "/api/v1/live?channels=telemetry&access_token=" + login(b));
                List<CompletableFuture<Void>> streams = new ArrayList<>();
                streams.add(CompletableFuture.runAsync(StoredAlerts.unchecked(() -> plant.publish(0, batches.messages(), batches, 60, Duration.ofMinutes(4)))));
                for (String[] cabinet : CABINETS) {
                    AckCountingPublisher p = new AckCountingPublisher(backends.brokerUri(), "cluster-test-" + cabinet[1]);
                    publishers.add(p);
                    String topic = "kw/" + cabinet[0] + "/" + cabinet[1] + "/telemetry";
                    streams.add(CompletableFuture.runAsync(StoredAlerts.unchecked(() -> p.publish(topic, 0, READINGS, reading, 120, Duration.ofMinutes(4)))));
                }
                // the node that judges the plant's batches is the one to kill, part-way through them
                double[] judged = await(Duration.ofSeconds(90), () -> new double[] {judged(a), judged(b)}, j -> j[0] + j[1] >= 3);
                List<String> devices = new ArrayList<>(List.of(PLANT_CABINET));
                java.util.Arrays.stream(CABINETS).forEach(c -> devices.add(c[1]));
                for (LiveLines live : List.of(liveA, liveB)) {
                    // whichever node owns a device, each node's live stream shows its readings
                    await(Duration.ofSeconds(30), () -> devices.stream().filter(d -> !live.contains("\"" + d + "\"")).toList(), List::isEmpty);
                }
                liveA.close();
                liveB.close();
                NodeProcess victim = judged[0] > 0 ? a : b;
                NodeProcess survivor = victim == a ? b : a;
                double storedByVictim = stored(victim);
                double storedBySurvivor = stored(survivor);
                Map<String, String> verdictsAtKill = batches.storedVerdicts(backends.store());
                victim.kill();
                long killed = System.currentTimeMillis();
                await(Duration.ofSeconds(60), () -> owned(survivor), owned -> owned == 12);
                long takeover = System.currentTimeMillis() - killed;
                CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).join();
                long streamsDone = System.currentTimeMillis();

                TimeSeriesStore store = backends.store();
                for (String[] cabinet : CABINETS) {
                    await(Duration.ofSeconds(60), () -> count(store, cabinet[1]), n -> n >= READINGS);
                }
                await(Duration.ofSeconds(90), () -> batches.storedVerdicts(store), v -> v.size() >= BATCHES);
                await(Duration.ofSeconds(30), () -> plantReadings(store), n -> n >= batches.readings());
                Thread.sleep(3_000); // a duplicate row or verdict would arrive right behind
                List<Long> counts = new ArrayList<>();
                for (String[] cabinet : CABINETS) {
                    counts.add(count(store, cabinet[1]));
                }
                long plantReadings = plantReadings(store);
                Map<String, String> verdicts = batches.storedVerdicts(store);
                Map<String, JsonObject> newest = StoredAlerts.newest(store);
                Map<String, Long> alerts = newest.values().stream().collect(Collectors.groupingBy(
                        al -> al.getString("type") + "@" + al.getString("device"), TreeMap::new, Collectors.counting()));
                // the plant's cabinet really falls silent once its script is done, and so do the others later
                List<String> offlineWhileReporting = newest.values().stream().filter(al -> al.getString("type").equals("device_offline"))
                        .filter(al -> al.getLong("opened") < streamsDone).map(al -> al.getString("device")).toList();
                System.out.printf("ClusterIT: before the kill the victim stored %.0f, the survivor %.0f, verdicts %s; the survivor owned all 12"
                                + " partitions %d ms after the kill, and forwarded %.0f messages from the victim's broker session;"
                                + " with the victim down, per cabinet stored %s (acknowledged %s), plant readings %d of %d;"
                                + " verdicts %s (recovered from history %.0f); alerts %s; alert changes on MQTT %d%n",
                        storedByVictim, storedBySurvivor, verdictsAtKill, takeover, NodeMetrics.value(http, survivor.base(), "kw_cluster_adopted_messages"),
                        counts, publishers.stream().map(AckCountingPublisher::ackedCount).toList(), plantReadings, batches.readings(),
                        verdicts, NodeMetrics.value(http, survivor.base(), "kw_analytics_recovered_verdicts_total"), alerts, observer.size());

                assertTrue(storedByVictim > 0 && storedBySurvivor > 0, "both nodes stored a share before the kill");
                for (AckCountingPublisher p : publishers) {
                    assertEquals(READINGS, p.ackedCount(), "the broker acknowledged every reading");
                }
                assertEquals(batches.messages(), plant.ackedCount());
                assertEquals(Collections.nCopies(CABINETS.length, (long) READINGS), counts,
                        "every acknowledged reading stored exactly once, with the killed node still down");
                assertEquals(batches.readings(), plantReadings, "every plant reading stored once");
                assertEquals(batches.expectedVerdicts(), verdicts, "each batch judged once with its scripted verdict, across the kill");
                assertEquals(1L, alerts.get("disinfection_cycle_noncompliant@" + PLANT_CABINET), "one alert for the non-compliant batches");
                assertTrue(alerts.values().stream().allMatch(n -> n == 1), "no alert raised twice: " + alerts);
                assertEquals(List.of(), offlineWhileReporting, "no device called offline while it reported");
                assertEquals(Map.of(), observer.publishedTwice(), "no alert change published twice on kw/alerts/#");

                // the killed node comes back; each node then shows the county's alerts, and a step on an alert goes to
                // whichever node owns its device, so it applies once whichever node is asked
                victim.start();
                await(Duration.ofSeconds(90), () -> new double[] {owned(a), owned(b)}, o -> o[0] > 0 && o[1] > 0 && o[0] + o[1] == 12);
                String alertId = newest.values().stream().filter(al -> al.getString("type").equals("disinfection_cycle_noncompliant"))
                        .findFirst().orElseThrow().getString("id");
                actionsApplyOnceWhicheverNodeIsAsked(a, b, alertId);
            } finally {
                publishers.forEach(AckCountingPublisher::close);
                keepLog(a, "a");
                keepLog(b, "b");
            }
        }
    }

    private void actionsApplyOnceWhicheverNodeIsAsked(NodeProcess a, NodeProcess b, String alertId) throws Exception {
        String tokenA = login(a);
        String tokenB = login(b);
        for (NodeProcess node : List.of(a, b)) {
            String token = node == a ? tokenA : tokenB;
            await(Duration.ofSeconds(30), () -> alertState(node, token, alertId), state -> state.equals("open"));
        }
        try (LiveLines liveA = new LiveLines(http, a.base() + "/api/v1/live?channels=alert&access_token=" + tokenA);
             LiveLines liveB = new LiveLines(http, b.base() + "/api/v1/live?channels=alert&access_token=" + tokenB)) {
            int[] codes = {act(a, tokenA, alertId, "ack"), act(b, tokenB, alertId, "ack"), act(b, tokenB, alertId, "rectify"),
                    act(a, tokenA, alertId, "rectify")};
            System.out.printf("ClusterIT: ack at A %d, ack at B %d, rectify at B %d, rectify at A %d%n", codes[0], codes[1], codes[2], codes[3]);
            assertEquals(List.of(200, 409, 200, 409), java.util.Arrays.stream(codes).boxed().toList(),
                    "each step applies once, and once only, whichever node is asked");
            double routed = NodeMetrics.value(http, a.base(), "kw_cluster_actions_routed") + NodeMetrics.value(http, b.base(), "kw_cluster_actions_routed");
            double served = NodeMetrics.value(http, a.base(), "kw_cluster_actions_served") + NodeMetrics.value(http, b.base(), "kw_cluster_actions_served");
            assertEquals(List.of(2.0, 2.0), List.of(routed, served), "the node not owning the alert's device sent its two steps to the owner");
            for (NodeProcess node : List.of(a, b)) {
                String token = node == a ? tokenA : tokenB;
                assertEquals("rectifying", await(Duration.ofSeconds(30), () -> alertState(node, token, alertId), st -> st.equals("rectifying")));
            }
            for (LiveLines live : List.of(liveA, liveB)) {
                await(Duration.ofSeconds(30), () -> live.contains(alertId, "\"rectifying\""), seen -> seen);
            }
        }
    }

    private String login(NodeProcess node) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("admin\\s+admin\\s+(\\S+)\\s+everything").matcher(node.output());
        assertTrue(m.find(), "the node printed its first admin login");
        java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.base() + "/api/v1/login"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "admin").put("password", m.group(1)).encode()))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getString("token");
    }

    private String alertState(NodeProcess node, String token, String alertId) throws Exception {
        java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.base() + "/api/v1/alerts/" + alertId))
                .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? new JsonObject(r.body()).getString("state") : "http " + r.statusCode();
    }

    private int act(NodeProcess node, String token, String alertId, String action) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.base() + "/api/v1/alerts/" + alertId + "/" + action))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"note\":\"cluster test\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The nodes' logs outlive the temporary folder, for a failure to be read afterwards. */
    private static void keepLog(NodeProcess node, String name) throws java.io.IOException {
        Path logs = Path.of("target", "cluster-it");
        java.nio.file.Files.createDirectories(logs);
        java.nio.file.Files.writeString(logs.resolve("node-" + name + ".log"), node.output());
    }

    private long count(TimeSeriesStore store, String device) throws Exception {
        return store.count(TimeSeriesStore.TELEMETRY, device, "temp_c", t0 - 1, t0 + 86_400_000L);
    }

    private long plantReadings(TimeSeriesStore store) throws Exception {
        return store.count(TimeSeriesStore.TELEMETRY, PLANT_CABINET, "temp_c", batches.t0() - 1, batches.t0() + 86_400_000L);
    }

    private static NodeProcess clusterNode(Path dir, String clientId, Backends backends, KafkaProcess kafka) {
        return new NodeProcess(dir, "512m", List.of("--mqtt-url", backends.brokerUri(), "--influx-url", backends.influx().url(),
                "--influx-mode", "v1", "--kafka-bootstrap", kafka.bootstrap(), "--mqtt-client-id", clientId));
    }

    private double owned(NodeProcess node) throws Exception {
        return NodeMetrics.value(http, node.base(), "kw_cluster_partitions_owned");
    }

    private double judged(NodeProcess node) throws Exception {
        return NodeMetrics.value(http, node.base(), "kw_batches_judged_total");
    }

    private double stored(NodeProcess node) throws Exception {
        return NodeMetrics.value(http, node.base(), "kw_messages_stored_total");
    }
}
