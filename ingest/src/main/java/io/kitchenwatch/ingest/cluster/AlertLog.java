package io.kitchenwatch.ingest.cluster;

import io.kitchenwatch.devices.bus.AlertChanged;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The cluster's alert changes: a compacted topic keyed by alert id, written by the node that owns the alert's device
 * (one writer per alert, so its changes keep their order) and read whole by every node from the start, so each node's
 * API and live stream show the county's alerts whichever node raised or changed them, each at its newest once read. Each node keeps where every alert belongs
 * (its site and device), which routes an action to the owner.
 */
public final class AlertLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertLog.class);
    /** Which node's run wrote the change: {@code <client id>#<run id>}. */
    static final String NODE_HEADER = "kw-node";
    private final String topic;
    private final String self;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> reader;
    private final Consumer<AlertChanged> fromOthers;
    private final Map<String, AlertChanged> newest = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param fromOthers hears the changes other nodes made, on this log's thread, in each alert's order */
    public AlertLog(ClusterSettings settings, String nodeId, Consumer<AlertChanged> fromOthers) {
        this.topic = settings.alertsTopic();
        // this run, not this node: what the node wrote before a restart is read back like the others' changes
        this.self = nodeId + "#" + UUID.randomUUID();
        this.fromOthers = fromOthers;
        this.producer = ClusterTopics.smallProducer(settings, nodeId + "-alerts");
        this.reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap(),
                ConsumerConfig.CLIENT_ID_CONFIG, nodeId + "-alerts-reader",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::read, "kw-kafka-alerts");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** A change this node made (it owns the alert's device): written to the log for the other nodes. */
    public void publish(AlertChanged change) {
        newest.put(change.id(), change);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, change.id().getBytes(StandardCharsets.UTF_8), encode(change));
        record.headers().add(NODE_HEADER, self.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record, (metadata, e) -> {
                if (e != null) {
                    LOG.warn("alert change {} not shared with the other nodes ({}); they see it from the store once they own its device",
                            change.id(), e.toString());
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            LOG.warn("alert change {} not shared with the other nodes: {}", change.id(), e.toString());
        }
    }

    /** The newest change of an alert made here or read from the log: where the alert belongs (site, device). */
    public Optional<AlertChanged> alert(String id) {
        return Optional.ofNullable(newest.get(id));
    }

    private void read() {
        try {
            ClusterTopics.followWhole(reader, topic, true);
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(500))) {
                        take(record);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    LOG.warn("reading the cluster's alert changes: {}; trying again", e.toString());
                    pause();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (KafkaException e) {
            LOG.error("reading the cluster's alert changes stopped: {}", e.toString(), e);
        } finally {
            reader.close(Duration.ofSeconds(5));
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        AlertChanged change;
        try {
            change = decode(record.value());
        } catch (RuntimeException e) {
            LOG.warn("skipped an alert record that does not decode ({}-{}@{}): {}", record.topic(), record.partition(), record.offset(), e.toString());
            return;
        }
        Header node = record.headers().lastHeader(NODE_HEADER);
        boolean mine = node != null && self.equals(new String(node.value(), StandardCharsets.UTF_8));
        if (!mine) {
            newest.put(change.id(), change);
            fromOthers.accept(change);
        }
    }

    static byte[] encode(AlertChanged change) {
        return new JsonObject().put("id", change.id()).put("site", change.site()).put("device", change.device())
                .put("significant", change.significant()).put("alert", change.alert()).encode().getBytes(StandardCharsets.UTF_8);
    }

    static AlertChanged decode(byte[] value) {
        JsonObject json = new JsonObject(new String(value, StandardCharsets.UTF_8));
        return new AlertChanged(json.getString("id"), json.getString("site"), json.getString("device"),
                json.getBoolean("significant", false), json.getJsonObject("alert"));
    }

    @Override
    public void close() {
        running = false;
        reader.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
