package io.kitchenwatch.ingest.cluster;

import io.kitchenwatch.devices.bus.AlertActionRequest;
import io.kitchenwatch.devices.bus.AlertChanged;
import io.kitchenwatch.devices.bus.OwnershipChanged;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.ingest.pipeline.IngestConfig;
import io.kitchenwatch.ingest.pipeline.IngestHealth;
import io.kitchenwatch.ingest.pipeline.MqttIngest;
import io.kitchenwatch.ingest.pipeline.SnapshotStore;
import io.kitchenwatch.ingest.pipeline.StoredHandOff;
import io.kitchenwatch.ingest.pipeline.StoringIntake;
import io.kitchenwatch.ingest.status.DeviceStatusTracker;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.paho.client.mqttv3.MqttException;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A node's ingest in cluster mode: its MQTT connection forwards to Kafka ({@link KafkaForwarder}), and its share of
 * the device partitions is stored here and handed on to this node's analysis ({@link PartitionOwner}), so every
 * device's messages are stored and analysed by one node at a time, whichever node's connection received them.
 */
public final class ClusterNode implements AutoCloseable {
    private final MqttIngest mqtt;
    private final StoringIntake storing;
    private final PartitionOwner owner;
    private final SessionAdoption adoption;
    private final AlertLog alerts;
    private final ActionRouter actions;
    private final LiveTail tail;
    private boolean drained;

    /**
     * What the rest of the node does for the cluster, all called on Kafka clients' threads.
     *
     * @param ownershipChanged told of each change of the devices this node owns (see {@link PartitionOwner})
     * @param alertsFromOthers alert changes other nodes made, in each alert's order
     * @param applyHere        applies a step on an alert this node owns, routed from another node
     * @param liveView         the messages of devices other nodes own, for this node's live stream and device status
     */
    public record Collaborators(Consumer<OwnershipChanged> ownershipChanged, Consumer<AlertChanged> alertsFromOthers,
                                Function<AlertActionRequest, CompletableFuture<ActionRouter.Answer>> applyHere,
                                LiveTail.Sink liveView) {
    }

    private ClusterNode(MqttIngest mqtt, StoringIntake storing, PartitionOwner owner, SessionAdoption adoption, AlertLog alerts,
                        ActionRouter actions, LiveTail tail) {
        this.tail = tail;
        this.mqtt = mqtt;
        this.storing = storing;
        this.owner = owner;
        this.adoption = adoption;
        this.alerts = alerts;
        this.actions = actions;
    }

    /**
     * Sets up the cluster's topics if missing, joins the owners' group and starts storing what it is assigned; the MQTT
     * side starts with {@code mqtt().start()}.
     *
     */
    public static ClusterNode join(ClusterSettings settings, IngestConfig config, Registry registry, TimeSeriesStore store,
                                   DeviceStatusTracker tracker, MeterRegistry meters, StoredHandOff onStored,
                                   Collaborators node) throws MqttException {
        DevicePartitions partitions = ClusterTopics.ensure(settings);
        KafkaForwarder[] forwarder = new KafkaForwarder[1];
        MqttIngest mqtt = MqttIngest.into(config, tracker, meters, (metrics, deadLetters) -> forwarder[0] = new KafkaForwarder(settings,
                partitions, config.clientId(), config.topicRoot(), config.limits(), metrics, deadLetters));
        mqtt.ownProbes(forwarder[0]::probeReturned);
        SessionAdoption adoption = new SessionAdoption(mqtt, forwarder[0], config.clientId(), config.topicRoot());
        StoringIntake storing = StoringIntake.create(config, registry, store, tracker, mqtt.metrics(), mqtt.unregisteredSources(),
                onStored, mqtt.deadLetters());
        AlertLog alerts = new AlertLog(settings, config.clientId(), node.alertsFromOthers());
        ActionRouter actions = new ActionRouter(settings, partitions, config.clientId(), node.applyHere());
        PartitionOwner owner = new PartitionOwner(settings, partitions, config.clientId(), storing, config.queueCapacity(),
                tracker.progress(), change -> {
                    node.ownershipChanged().accept(change);
                    actions.own(change.partitions()); // once analysis holds the gained devices' alerts
                });
        Gauge.builder("kw.cluster.partitions.owned", owner, o -> o.ownedPartitions().size())
                .description("partitions of the device-message topic this node stores and analyses").register(meters);
        Gauge.builder("kw.cluster.partitions", partitions::count).description("partitions of the device-message topic").register(meters);
        Gauge.builder("kw.cluster.records.malformed", owner, PartitionOwner::malformedRecords)
                .description("records of the device-message topic not written by a forwarder (skipped)").register(meters);
        Gauge.builder("kw.cluster.adopted.messages", adoption, SessionAdoption::adoptedMessages)
                .description("messages forwarded from the broker sessions of crashed nodes").register(meters);
        Gauge.builder("kw.cluster.actions.routed", actions, ActionRouter::routedActions)
                .description("steps on alerts asked here and sent to the node owning the alert's device").register(meters);
        Gauge.builder("kw.cluster.actions.served", actions, ActionRouter::servedActions)
                .description("steps on alerts another node was asked, applied here as the owner").register(meters);
        LiveTail tail = new LiveTail(settings, config.clientId(), registry, tracker, mqtt.topics(), config.limits(),
                new SnapshotStore(config.snapshotDir()), owner::owns, node.liveView());
        alerts.start();
        actions.start();
        tail.start();
        owner.start();
        return new ClusterNode(mqtt, storing, owner, adoption, alerts, actions, tail);
    }

    /** The cluster's alert changes, read whole. */
    public AlertLog alerts() {
        return alerts;
    }

    /** Routes steps on alerts to the node owning their device. */
    public ActionRouter actions() {
        return actions;
    }

    public MqttIngest mqtt() {
        return mqtt;
    }

    public PartitionOwner owner() {
        return owner;
    }

    /** Forwarding and storing together: subscribed, both Kafka and the store taking messages, and their backlogs. */
    public IngestHealth health() {
        IngestHealth forwarding = mqtt.health();
        long oldest = storing.oldestPendingArrival();
        Duration storingAge = oldest == 0 ? Duration.ZERO : Duration.ofMillis(Math.max(0, System.currentTimeMillis() - oldest));
        return new IngestHealth(forwarding.subscribed(), forwarding.storeWritable() && storing.durableHealthy(),
                forwarding.backlogDepth() + storing.depth(),
                forwarding.backlogAge().compareTo(storingAge) >= 0 ? forwarding.backlogAge() : storingAge, forwarding.behindBroker());
    }

    /**
     * Stops forwarding (what Kafka has not taken stays unacknowledged at the broker), then stores and hands on what was
     * taken from this node's partitions and leaves the group; the MQTT connection stays up for what analysis publishes.
     */
    public synchronized void drain() {
        if (drained) {
            return;
        }
        drained = true;
        adoption.close();
        mqtt.drain();
        owner.close();
        actions.own(Set.of());
    }

    @Override
    public void close() {
        drain();
        tail.close();
        actions.close();
        alerts.close();
        mqtt.close();
    }
}
