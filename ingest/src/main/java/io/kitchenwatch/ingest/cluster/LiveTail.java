package io.kitchenwatch.ingest.cluster;

import io.kitchenwatch.devices.bus.DeviceStatusChanged;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.Frame;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.wire.RejectedMessageException;
import io.kitchenwatch.devices.wire.TopicScheme;
import io.kitchenwatch.devices.wire.ValidationLimits;
import io.kitchenwatch.devices.wire.WireDecoder;
import io.kitchenwatch.ingest.pipeline.SnapshotStore;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * What every node shows of the devices other nodes own: it follows the head of the device-message topic (no group,
 * from the end at start) and, for registered devices it does not own, keeps their status (last seen, latest values,
 * online) and cameras' newest snapshots and hands their messages to its live stream, as the owner does for its own
 * devices once stored. Marks and
 * messages that do not decode are skipped (the owner dead-letters the latter).
 */
public final class LiveTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveTail.class);

    /** Where the other nodes' devices' messages go: the live stream, and the devices whose status they turned. */
    public interface Sink {
        void seen(List<DeviceMessage> messages, List<DeviceStatusChanged> turned);
    }

    private final String topic;
    private final Registry registry;
    private final DeviceStatusTracker tracker;
    private final BiPredicate<String, String> ownedHere;
    private final WireDecoder decoder;
    private final Sink sink;
    private final SnapshotStore snapshots;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    LiveTail(ClusterSettings settings, String nodeId, Registry registry, DeviceStatusTracker tracker, TopicScheme topics,
             ValidationLimits limits, SnapshotStore snapshots, BiPredicate<String, String> ownedHere, Sink sink) {
        this.snapshots = snapshots;
        this.topic = settings.messagesTopic();
        this.registry = registry;
        this.tracker = tracker;
        this.ownedHere = ownedHere;
        this.decoder = new WireDecoder(topics, limits);
        this.sink = sink;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap(),
                ConsumerConfig.CLIENT_ID_CONFIG, nodeId + "-live-tail",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, KafkaForwarder.MAX_RECORD_BYTES + 64 * 1024),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::follow, "kw-kafka-live-tail");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void follow() {
        try {
            ClusterTopics.followWhole(consumer, topic, false);
            while (running) {
                try {
                    take(consumer.poll(Duration.ofMillis(200)));
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    LOG.warn("following the device messages for the live view: {}; trying again", e.toString());
                    Thread.sleep(1_000);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KafkaException e) {
            LOG.error("following the device messages for the live view stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void take(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<DeviceMessage> messages = new ArrayList<>();
        List<DeviceStatusChanged> turned = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (ProgressMarks.fromRecord(record).isPresent()) {
                continue;
            }
            try {
                ForwardedMessage forwarded = ForwardedMessage.fromRecord(record);
                DeviceMessage message = decoder.decode(forwarded.topic(), forwarded.payload(), forwarded.arrival());
                boolean registered = registry.device(message.device()).filter(d -> d.site().equals(message.site())).isPresent();
                if (registered && !ownedHere.test(message.site(), message.device())) {
                    tracker.recordAndCompare(message, forwarded.arrival()).ifPresent(turned::add);
                    messages.add(message);
                    if (message instanceof Frame frame) {
                        keep(frame);
                    }
                }
            } catch (IllegalArgumentException | RejectedMessageException e) {
                // not a device message, or one its owner refuses
            }
        }
        if (!messages.isEmpty()) {
            sink.seen(messages, turned);
        }
    }

    private void keep(Frame frame) {
        try {
            snapshots.save(frame);
        } catch (IOException e) {
            LOG.warn("cannot keep the snapshot of {}: {}", frame.device(), e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
