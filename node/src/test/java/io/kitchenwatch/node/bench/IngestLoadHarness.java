package io.kitchenwatch.node.bench;

import io.kitchenwatch.ingest.broker.EmbeddedBroker;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.fixtures.NodeMetrics;
import io.kitchenwatch.node.Node;
import io.kitchenwatch.devices.mqtt.PahoSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest throughput of a whole node (HiveMQ and QuestDB embedded in this process, analytics, live stream), beside a
 * baseline in the same process: the same broker (opened by the harness, since a node's own admits only credentials
 * and lets nobody but its ingest read device topics) delivering the same messages at QoS 1 to a bare Paho subscriber that acknowledges at
 * once. The ratio says what decoding, validation, durable storage before the acknowledgement and analytics cost on
 * top of what MQTT itself costs here. Prints a table; asserts nothing (speed is measured, never tested).
 *
 * <p>Run with {@code scripts/bench-ingest [messages] [publishers] [rounds]}.
 */
public final class IngestLoadHarness {
    private static final String[][] CABINETS = {
            {"sch-01", "sch-01-cab-1"}, {"sch-02", "sch-02-cab-1"}, {"sch-03", "sch-03-cab-1"}, {"sch-04", "sch-04-cab-1"},
            {"dsp-01", "dsp-01-cab-1"}, {"dsp-01", "dsp-01-cab-2"}, {"dsp-02", "dsp-02-cab-1"}, {"dsp-02", "dsp-02-cab-2"}};

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private IngestLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int publishers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        java.nio.file.Path dir = Files.createTempDirectory("kw-bench-");
        // the node reads from an open HiveMQ in this process, so the bare subscriber of the baseline may read the same broker
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("hivemq"), "127.0.0.1", 0);
             Node node = Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1",
                     "mqtt-url", broker.uri(), "data-dir", dir.resolve("node").toString()), Map.of()), false)) {
            String base = "http://127.0.0.1:" + node.httpPort();
            System.out.printf("%d messages per run from %d publishers at QoS 1, %d rounds, node on HiveMQ (in this process, open) + embedded QuestDB%n",
                    messages, publishers, rounds);
            System.out.printf("%-7s %-44s %12s%n", "round", "run", "messages/s");
            List<Double> baseline = new ArrayList<>();
            List<Double> ingest = new ArrayList<>();
            long seq = 0;
            for (int round = 0; round <= rounds; round++) { // round 0 warms the JIT up and is not counted
                String label = round == 0 ? "warm-up" : String.valueOf(round);
                double b = baseline(node.brokerUri(), messages, publishers);
                System.out.printf("%-7s %-44s %,12.0f%n", label, "baseline: broker → bare Paho subscriber", b);
                double i = ingest(node.brokerUri(), base, messages, publishers, seq);
                seq += messages;
                System.out.printf("%-7s %-44s %,12.0f%n", label, "ingest: broker → validate → store → ack", i);
                if (round > 0) {
                    baseline.add(b);
                    ingest.add(i);
                }
            }
            double b = median(baseline);
            double i = median(ingest);
            System.out.printf("median: baseline %,.0f/s, ingest %,.0f/s, ingest/baseline = %.2f%n", b, i, i / b);
            double writes = metric(base, "kw_store_write_latency_seconds_count");
            double writeSeconds = metric(base, "kw_store_write_latency_seconds_sum");
            System.out.printf("store writes: %,.0f, %.1f messages and %.2f ms each on average; alert and verdict rows: %,.0f%n",
                    writes, metric(base, "kw_messages_stored_total") / writes, 1000 * writeSeconds / writes,
                    metric(base, "kw_decisions_batch_rows_sum"));
        }
    }

    /** Messages per second from first publish until the bare subscriber has all of them. */
    static double baseline(String broker, int messages, int publishers) throws Exception {
        return drain(broker, messages, publishers, 1);
    }

    /**
     * The raw drain over {@code connections} bare Paho subscribers that acknowledge at once (one shared subscription
     * when more than one): messages per second from first publish until they have all of them together.
     */
    static double drain(String broker, int messages, int publishers, int connections) throws Exception {
        CountDownLatch all = new CountDownLatch(messages);
        List<MqttClient> subscribers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            MqttClient subscriber = new MqttClient(broker, "bench-subscriber-" + c, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMaxInflight(1000);
            options.setSocketFactory(new PahoSocketFactory());
            subscriber.setManualAcks(true);
            subscriber.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) throws MqttException {
                    subscriber.messageArrivedComplete(message.getId(), message.getQos());
                    all.countDown();
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            subscriber.connect(options);
            subscriber.subscribe(connections == 1 ? "bench/#" : "$share/bench/bench/#", 1);
            subscribers.add(subscriber);
        }
        long start = System.nanoTime();
        publish(broker, messages, publishers, (p, n) -> "bench/" + p, (p, n) -> payload(n));
        if (!all.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the baseline subscribers got " + (messages - all.getCount()) + " of " + messages);
        }
        double rate = messages / ((System.nanoTime() - start) / 1e9);
        for (MqttClient subscriber : subscribers) {
            subscriber.disconnect();
            subscriber.close();
        }
        return rate;
    }

    /** Messages per second the publishers get through the broker when nobody subscribes: the drain's ceiling. */
    static double publishOnly(String broker, int messages, int publishers) throws Exception {
        long start = System.nanoTime();
        publish(broker, messages, publishers, (p, n) -> "unsubscribed/" + p, (p, n) -> payload(n));
        return messages / ((System.nanoTime() - start) / 1e9);
    }

    /** Messages per second from first publish until the node has stored all of them. */
    static double ingest(String broker, String base, int messages, int publishers, long firstSeq) throws Exception {
        return ingest(broker, List.of(base), messages, publishers, firstSeq);
    }

    /** The same, for nodes that share the burst (a cluster): timed until their stored messages add up to it. */
    static double ingest(String broker, List<String> bases, int messages, int publishers, long firstSeq) throws Exception {
        double before = stored(bases);
        long start = System.nanoTime();
        publish(broker, messages, publishers,
                (p, n) -> "kw/" + CABINETS[(int) ((firstSeq + n) % CABINETS.length)][0] + "/"
                        + CABINETS[(int) ((firstSeq + n) % CABINETS.length)][1] + "/telemetry",
                (p, n) -> payload(firstSeq + n));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (stored(bases) < before + messages) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the nodes stored " + (stored(bases) - before) + " of " + messages);
            }
            Thread.sleep(20);
        }
        return messages / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The n-th reading of the burst, from cabinet n mod 8: its own k-th reading (k = n / 8, its seq), stamped on
     * arrival, at a steady 80 °C. Steady readings give the rules nothing to do but open each cabinet's stuck-sensor
     * alert once, so the burst measures intake rather than alerting: a sawtooth used before, arriving a millisecond
     * apart, raised and cleared rate-of-change alerts all the time (and readings with event times far in the past
     * make every cabinet look silent, raising and clearing offline alerts).
     */
    private static byte[] payload(long n) {
        return ("{\"seq\":" + n / CABINETS.length + ",\"values\":{\"temp_c\":80.0,\"running\":true,\"door_open\":false}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    interface Part<T> {
        T of(int publisher, long n);
    }

    /** Publishers share the messages; each keeps up to 1,000 in flight and waits when that is full. */
    private static void publish(String broker, int messages, int publishers, Part<String> topic, Part<byte[]> payload) throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicLong next = new AtomicLong();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                try {
                    MqttAsyncClient client = new MqttAsyncClient(broker, "bench-publisher-" + id + "-" + System.nanoTime(), new MemoryPersistence());
                    MqttConnectOptions options = new MqttConnectOptions();
                    options.setMaxInflight(1000);
                    options.setSocketFactory(new PahoSocketFactory());
                    client.connect(options).waitForCompletion(10_000);
                    List<IMqttDeliveryToken> pending = new ArrayList<>();
                    for (long n = next.getAndIncrement(); n < messages; n = next.getAndIncrement()) {
                        while (true) {
                            try {
                                pending.add(client.publish(topic.of(id, n), payload.of(id, n), 1, false));
                                break;
                            } catch (MqttException e) {
                                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT
                                        && e.getReasonCode() != MqttException.REASON_CODE_NO_MESSAGE_IDS_AVAILABLE) {
                                    throw e;
                                }
                                Thread.onSpinWait();
                            }
                        }
                    }
                    for (IMqttDeliveryToken token : pending) {
                        token.waitForCompletion(60_000);
                    }
                    client.disconnect().waitForCompletion(10_000);
                    client.close();
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private static double stored(List<String> bases) throws Exception {
        double sum = 0;
        for (String base : bases) {
            sum += stored(base);
        }
        return sum;
    }

    private static double stored(String base) throws Exception {
        return metric(base, "kw_messages_stored_total");
    }

    static double metric(String base, String name) throws Exception {
        return NodeMetrics.value(HTTP, base, name);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
