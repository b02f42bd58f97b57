package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.bus.DeviceStatusChanged;
import io.kitchenwatch.devices.bus.SourceProgress;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.Frame;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.ingest.status.UnregisteredSources;
import io.kitchenwatch.devices.wire.RejectionReason;
import io.kitchenwatch.devices.wire.TopicScheme;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The named steps every device message goes through: decode and validate, dead-letter what is refused, drop
 * duplicates, then hand over to the store; status and listeners see a message only once it is stored.
 */
final class IngestPipeline implements StoreWriter.Outcome {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private final TopicScheme topics;
    private final IngestConfig config;
    private final PointMapper mapper;
    private final SeqDeduplicator dedupe = new SeqDeduplicator(100_000);
    private final SnapshotStore snapshots;
    private final DeviceStatusTracker tracker;
    private final IngestMetrics metrics;
    private final StoredHandOff onStored;
    private final ProgressProbes probes;
    private final UnregisteredSources unregistered;
    private StoreWriter writer;
    /** Messages come from a cluster's shared log (with their forwarders' arrival times and progress marks). */
    private boolean forwarded;
    private ReceivedMessages received;

    IngestPipeline(IngestConfig config, Registry registry, SnapshotStore snapshots, DeviceStatusTracker tracker,
                   IngestMetrics metrics, ProgressProbes probes, UnregisteredSources unregistered, StoredHandOff onStored) {
        this.unregistered = unregistered;
        this.topics = new TopicScheme(config.topicRoot());
        this.config = config;
        this.mapper = new PointMapper(registry);
        this.snapshots = snapshots;
        this.tracker = tracker;
        this.metrics = metrics;
        this.onStored = onStored;
        this.probes = probes;
    }

    void takeForwarded() {
        forwarded = true;
    }

    void connect(StoreWriter writer, DeadLetters deadLetters) {
        this.writer = writer;
        this.received = new ReceivedMessages(topics, config.limits(), metrics, deadLetters);
    }

    /** Called on the MQTT client's thread; blocks while the store queue is full (back-pressure). */
    void accept(String topic, byte[] payload, long arrival, Runnable ack) throws InterruptedException {
        if (topics.isProbe(topic)) {
            OptionalLong sent = probes.returned(payload);
            if (sent.isPresent()) {
                writer.submit(PendingMessage.probe(arrival, ack, sent.getAsLong()));
            } else {
                metrics.probeIgnored();
                ack.run(); // forged, or sent by this ingest before a restart: says nothing about this run
            }
            return;
        }
        if (topics.isBackendTopic(topic)) {
            ack.run();
            return;
        }
        Optional<DeviceMessage> decoded = received.decode(topic, payload, arrival, ack);
        if (decoded.isEmpty()) {
            return;
        }
        DeviceMessage message = decoded.get();
        Optional<UnregisteredSources.Reason> unregistered = mapper.unregisteredReason(message);
        if (unregistered.isPresent()) {
            // stored apart and never analysed; kept out of dedupe and snapshots, whose state belongs to real devices
            writer.submit(new PendingMessage(topic, payload, message, List.of(mapper.unregistered(message, unregistered.get(), payload)),
                    arrival, ack));
            return;
        }
        if (isDuplicate(topic, message)) {
            metrics.duplicate();
            writer.submit(PendingMessage.ackOnly(arrival, ack));
            return;
        }
        if (message instanceof Frame frame) {
            try {
                snapshots.save(frame);
            } catch (IOException e) {
                LOG.error("cannot keep the snapshot of {}: {}", frame.device(), e.toString());
            }
        }
        writer.submit(new PendingMessage(topic, payload, message, mapper.toPoints(message), arrival, ack));
    }

    /** A forwarder's progress mark, handed on after what was accepted before it. */
    void progress(SourceProgress mark, Runnable ack) throws InterruptedException {
        writer.submit(PendingMessage.mark(mark, ack));
    }

    /** Marks the message's sequence number as seen; a message that does not decode has none to remember. */
    void remember(String topic, byte[] payload) {
        received.decodeQuietly(topic, payload).ifPresent(message -> isDuplicate(topic, message));
    }

    /** Counters are kept per device and channel, so a device numbering telemetry and events apart loses nothing. */
    private boolean isDuplicate(String topic, DeviceMessage message) {
        OptionalLong seq = message instanceof Reading r ? r.seq()
                : message instanceof DeviceEvent e ? e.seq() : OptionalLong.empty();
        return seq.isPresent() && !dedupe.firstTime(topic, seq.getAsLong());
    }

    @Override
    public void stored(List<PendingMessage> batch) {
        int stored = 0;
        List<DeviceMessage> handOff = new ArrayList<>(batch.size());
        List<DeviceStatusChanged> turned = new ArrayList<>();
        List<SourceProgress> marks = new ArrayList<>();
        long[] arrivals = forwarded ? new long[batch.size()] : null;
        for (PendingMessage m : batch) {
            if (m.mark() != null) {
                marks.add(m.mark());
                m.ack().run();
                continue;
            }
            Optional<UnregisteredSources.Reason> unregistered = m.isAckOnly() ? Optional.empty() : mapper.unregisteredReason(m.message());
            if (unregistered.isPresent()) {
                this.unregistered.record(m.message().site(), m.message().device(), unregistered.get(), m.arrival());
                m.ack().run();
                continue;
            }
            if (!m.isAckOnly()) {
                tracker.recordAndCompare(m.message(), m.arrival()).ifPresent(turned::add);
                stored++;
            }
            m.ack().run();
            if (!m.isAckOnly()) {
                if (forwarded) {
                    arrivals[handOff.size()] = m.arrival();
                }
                handOff.add(m.message());
            } else if (m.probeSent() > 0) {
                // what came before the probe is handed on first: progress must never run ahead of the messages it covers
                handOff = handOn(handOff);
                tracker.progress().caughtUp(m.probeSent());
            }
        }
        metrics.stored(stored);
        if (forwarded) {
            // a cluster's log has no probes, so this batch is handed on whole, with its forwarders' marks after it
            onStored.stored(handOff, Arrays.copyOf(arrivals, handOff.size()), marks);
        } else {
            handOn(handOff);
        }
        if (!turned.isEmpty()) {
            onStored.statusChanged(turned);
        }
    }

    /** Hands on what was collected (if anything) and returns a fresh list to collect into. */
    private List<DeviceMessage> handOn(List<DeviceMessage> collected) {
        if (collected.isEmpty()) {
            return collected;
        }
        onStored.stored(collected);
        return new ArrayList<>();
    }

    @Override
    public void rejected(PendingMessage message, String detail) {
        received.deadLetter(message.topic(), message.payload(), RejectionReason.STORE_REJECTED, detail, message.ack());
    }
}
