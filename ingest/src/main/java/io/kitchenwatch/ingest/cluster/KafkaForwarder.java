package io.kitchenwatch.ingest.cluster;

import io.kitchenwatch.devices.bus.SourceProgress;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.retry.RetryPolicy;
import io.kitchenwatch.devices.wire.TopicScheme;
import io.kitchenwatch.devices.wire.ValidationLimits;
import io.kitchenwatch.ingest.pipeline.DeadLetters;
import io.kitchenwatch.ingest.pipeline.Intake;
import io.kitchenwatch.ingest.pipeline.IngestMetrics;
import io.kitchenwatch.ingest.pipeline.ReceivedMessages;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster node's intake: validates what MQTT brings (refusals go to the dead-letter topic, as on one node) and
 * produces each valid message to the device-message topic, on its device's partition, idempotently with
 * {@code acks=all}; the MQTT acknowledgement waits for Kafka's. A send that fails is tried again with backoff for as
 * long as the node runs, its original unacknowledged meanwhile, so the broker's inflight window bounds what is held
 * here (and a full producer buffer blocks the MQTT callback: overflow policy block the producer).
 * <p>
 * Every {@link #MARK_EVERY_MS} it marks its progress on every partition ({@link SourceProgress}): everything the broker
 * took before the mark's time and gave this node is in Kafka ahead of it. That time is when the newest of the node's
 * progress probes was sent that came back through its own session (so everything queued for the node before it had
 * come through too) and everything taken in before that probe has Kafka's acknowledgement. As it stops it retires
 * itself the same way, and a survivor that emptied a crashed node's session retires that node.
 */
public final class KafkaForwarder implements Intake {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaForwarder.class);
    /** Above the largest valid message (a 2 MB snapshot) with its headers. */
    static final int MAX_RECORD_BYTES = 4 * 1024 * 1024;
    static final long MARK_EVERY_MS = 200;
    private final String source;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String kafkaTopic;
    private final DevicePartitions partitions;
    private final TopicScheme topics;
    private final ReceivedMessages received;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kw-kafka-resend");
        t.setDaemon(true);
        return t;
    });
    /** Messages produced and not yet acknowledged by Kafka: id to arrival. */
    private final ConcurrentSkipListMap<Long, Long> pending = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean healthy = true;
    private volatile boolean draining;
    /** Messages left unacknowledged at the broker as this node stopped: while any are, it is not retired. */
    private final AtomicLong leftAtBroker = new AtomicLong();
    /** A probe that came back after the messages up to {@code lastTaken} were taken in; it was sent at {@code sent}. */
    private record ReturnedProbe(long lastTaken, long sent) {
    }

    /** Returned probes whose messages are not all in Kafka yet, oldest first. */
    private final ConcurrentLinkedDeque<ReturnedProbe> returned = new ConcurrentLinkedDeque<>();
    /** The progress marked so far (the marks' thread); nothing is marked before the first probe settles. */
    private long progress = Long.MIN_VALUE;

    public KafkaForwarder(ClusterSettings settings, DevicePartitions partitions, String clientId, String topicRoot,
                          ValidationLimits limits, IngestMetrics metrics, DeadLetters deadLetters) {
        this.kafkaTopic = settings.messagesTopic();
        this.source = clientId;
        this.partitions = partitions;
        this.topics = new TopicScheme(topicRoot);
        this.received = new ReceivedMessages(topics, limits, metrics, deadLetters);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap(),
                ProducerConfig.CLIENT_ID_CONFIG, clientId + "-forwarder",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES,
                // an outage is learnt (and shown in /health) within this, then the send is tried again here
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void accept(String topic, byte[] payload, long arrival, Runnable ack) {
        if (topics.isProbe(topic) || topics.isBackendTopic(topic)) {
            ack.run(); // progress in a cluster is learnt from Kafka by the partition owners
            return;
        }
        Optional<DeviceMessage> decoded = received.decode(topic, payload, arrival, ack);
        if (decoded.isEmpty()) {
            return;
        }
        DeviceMessage message = decoded.get();
        long id = ids.incrementAndGet();
        pending.put(id, arrival);
        ProducerRecord<byte[], byte[]> record = new ForwardedMessage(topic, payload, arrival)
                .toRecord(kafkaTopic, partitions.of(message.site(), message.device()), DevicePartitions.key(message.site(), message.device()));
        send(record, id, ack, 0);
    }

    /**
     * One of this node's progress probes, sent at {@code sent}, came back through its own session: on the MQTT
     * callback thread, after every message the session delivered before it.
     */
    public void probeReturned(long sent) {
        returned.addLast(new ReturnedProbe(ids.get(), sent));
    }

    /** The newest returned probe whose messages are all in Kafka settles the progress (marks' thread). */
    private void markProgress() {
        try {
            markProgressNow();
        } catch (RuntimeException e) { // one failure must not end the schedule (and freeze this node's progress)
            LOG.warn("progress mark failed: {}", e.toString());
        }
    }

    private void markProgressNow() {
        if (draining) {
            return;
        }
        Map.Entry<Long, Long> oldest = pending.firstEntry();
        Long oldestPending = oldest == null ? null : oldest.getKey();
        for (ReturnedProbe p = returned.peekFirst(); p != null && (oldestPending == null || p.lastTaken() < oldestPending);
             p = returned.peekFirst()) {
            progress = Math.max(progress, p.sent());
            returned.pollFirst();
        }
        if (progress != Long.MIN_VALUE) {
            mark(source, progress, false);
        }
    }

    private void mark(String who, long upTo, boolean retired) {
        try {
            for (int p = 0; p < partitions.count(); p++) {
                producer.send(ProgressMarks.toRecord(kafkaTopic, new SourceProgress(p, who, upTo, retired)));
            }
        } catch (KafkaException | IllegalStateException e) {
            LOG.debug("progress mark not sent ({}); the next one covers it", e.toString());
        }
    }

    /**
     * A crashed node's broker session was emptied through this forwarder: once Kafka has what was forwarded, the
     * crashed node is retired on every partition, so analytics stops waiting for its progress.
     */
    public void retire(String crashed) {
        try {
            producer.flush();
            mark(crashed, Long.MAX_VALUE, true);
            producer.flush();
        } catch (KafkaException | IllegalStateException e) {
            LOG.warn("could not retire crashed node {} ({}): analytics waits for its progress until it gives it up", crashed, e.toString());
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record, long id, Runnable ack, int attempt) {
        if (draining) {
            pending.remove(id); // left unacknowledged: the broker sends it again in this node's next session
            leftAtBroker.incrementAndGet();
            return;
        }
        try {
            producer.send(record, (metadata, e) -> {
                if (e == null) {
                    healthy = true;
                    pending.remove(id);
                    ack.run();
                } else {
                    resendLater(record, id, ack, attempt, e);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            resendLater(record, id, ack, attempt, e);
        }
    }

    private void resendLater(ProducerRecord<byte[], byte[]> record, long id, Runnable ack, int attempt, Exception cause) {
        if (healthy) {
            LOG.warn("cannot forward to Kafka ({}); trying again until it takes messages", cause.toString());
        }
        healthy = false;
        try {
            retries.schedule(() -> send(record, id, ack, attempt + 1), RetryPolicy.KAFKA_SEND.delayMillis(attempt), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            pending.remove(id);
        }
    }

    @Override
    public void start() {
        retries.scheduleWithFixedDelay(this::markProgress, 0, MARK_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /** Waits (bounded) for Kafka to take what was sent; what it has not taken stays unacknowledged at the broker. */
    @Override
    public void drain() {
        draining = true; // what fails from here on is not sent again
        retries.shutdownNow(); // no mark after the last one, no resend
        try {
            retries.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            producer.flush();
            if (pending.isEmpty() && leftAtBroker.get() == 0) {
                mark(source, Long.MAX_VALUE, true); // everything it took is in Kafka: nobody need wait for it
            } else {
                LOG.info("{} messages stay unacknowledged at the broker until this node is back; analysis waits for them"
                        + " up to a minute", pending.size() + leftAtBroker.get());
            }
            producer.close(Duration.ofSeconds(10));
        } catch (KafkaException e) {
            LOG.debug("closing the forwarder: {}", e.toString());
        }
        pending.clear();
    }

    @Override
    public int depth() {
        return pending.size();
    }

    @Override
    public long oldestPendingArrival() {
        Map.Entry<Long, Long> oldest = pending.firstEntry();
        return oldest == null ? 0 : oldest.getValue();
    }

    @Override
    public boolean durableHealthy() {
        return healthy;
    }
}
