package io.kitchenwatch.devices.bus;

/**
 * The named event-bus addresses the stages talk over, so that no stage calls another's classes. Each names the
 * message type it carries (records of this package, delivered in-process by {@link LocalCodec}: no encoding per
 * message) and whether it is published to every listener or sent to one consumer that replies.
 */
public final class BusAddresses {
    /**
     * Published by ingest: a {@link StoredBatch} the store has accepted, in stored order, for anyone watching (the live
     * stream). Listeners must not block: they are not waited for.
     */
    public static final String STORED = "kw.stored";
    /**
     * Sent by ingest to the one stage that must see every stored message (analytics): a {@link StoredBatch}, answered
     * once taken in. Ingest sends the next batch only after the answer, so a stage that falls behind slows intake
     * (policy: block the producer) and nothing stored escapes analysis.
     */
    public static final String STORED_FOR_ANALYSIS = "kw.stored.analysis";
    /** Published by ingest: a {@link DeviceStatusChanged} after the stored batch that turned it. */
    public static final String DEVICE_STATUS = "kw.device.status";
    /** Published by analytics: an {@link AlertChanged}. */
    public static final String ALERTS = "kw.alerts";
    /** Sent to analytics: an {@link AlertActionRequest}, answered with the changed alert's {@link AlertChanged}. */
    public static final String ALERT_ACTIONS = "kw.alerts.act";
    /** Sent to analytics: any body, answered with an {@link AlertSnapshot} of every alert it holds. */
    public static final String ALERT_SNAPSHOT = "kw.alerts.snapshot";
    /** Published by analytics: a {@link BatchJudged}. */
    public static final String VERDICTS = "kw.verdicts";
    /** Published by analytics: a {@link FrameAnalysed}. */
    public static final String FRAMES_ANALYSED = "kw.frames.analysed";
    /** Sent to ingest: an {@link MqttPublication} for the broker (alert changes for downstream systems). */
    public static final String MQTT_PUBLISH = "kw.mqtt.publish";
    /**
     * Sent to ingest: any body, answered with a JSON object of whether it is storing what arrives ({@code subscribed},
     * {@code store_writable}, {@code backlog_depth}, {@code backlog_age_ms}, {@code behind_broker_ms}).
     */
    public static final String INGEST_HEALTH = "kw.ingest.health";
    /** Sent to ingest: any body, answered with the JSON of {@code GET /api/v1/unregistered-sources}. */
    public static final String UNREGISTERED_SOURCES = "kw.ingest.unregistered";
    /**
     * Sent to ingest by the launcher as the node stops, before it stops analytics: ingest stops taking messages and
     * hands on what it holds, keeping its MQTT connection for what analytics still publishes; answered when done.
     */
    public static final String INGEST_DRAIN = "kw.ingest.drain";
    /** Published by ingest: an {@link IngestSubscribed} each time it has (re)subscribed at the broker. */
    public static final String INGEST_SUBSCRIBED = "kw.ingest.subscribed";
    /**
     * Cluster mode: ingest tells analytics which devices this node now owns ({@link OwnershipChanged}); the reply says
     * analytics has forgotten the lost ones and rebuilt the gained ones' state.
     */
    public static final String OWNERSHIP = "kw.cluster.ownership";
    /**
     * Cluster mode: sent by analytics for a step on an alert this node does not own, an {@link AlertActionRequest};
     * ingest routes it to the owning node and answers as {@link #ALERT_ACTIONS} does.
     */
    public static final String CLUSTER_ACT = "kw.cluster.act";
    /**
     * A header on {@link #ALERTS} messages that came from another node of the cluster (so they are not shared again)
     * and on {@link #ALERT_ACTIONS} requests routed from another node (so they are not routed again).
     */
    public static final String FROM_CLUSTER = "kw-from-cluster";

    private BusAddresses() {
    }
}
