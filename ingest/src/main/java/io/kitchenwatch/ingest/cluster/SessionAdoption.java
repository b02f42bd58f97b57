package io.kitchenwatch.ingest.cluster;

import io.kitchenwatch.ingest.pipeline.MqttIngest;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A crashed node's broker session, taken over. Each node's MQTT session is persistent and a member of the shared
 * subscription, and a broker such as Mosquitto goes on handing a crashed member its share of every device's messages
 * (and keeps what it had in flight) until it comes back. So each node announces itself retained on
 * {@code {root}/cluster/nodes/{client id}/state} ({@code online}, {@code stopped} when it stops, {@code crashed} as its
 * Last Will); when the broker publishes a node's Will, the online node with the lowest client id connects under the crashed node's client id, unsubscribes that
 * session from the devices (the broker stops queueing for it), forwards what was queued to Kafka like any message,
 * and leaves the emptied session. A node that comes back takes its session back (the broker drops the adopter's
 * connection) and subscribes again.
 */
public final class SessionAdoption implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionAdoption.class);
    /** The queue is taken as emptied once nothing has come for this long (and all of it is in Kafka). */
    private static final long QUIET_MS = 2_000;
    private static final long LONGEST_MS = 10 * 60_000;
    private final MqttIngest mqtt;
    private final KafkaForwarder forwarder;
    private final String self;
    private final String root;
    private final Map<String, Boolean> online = new ConcurrentHashMap<>();
    private final ExecutorService adopter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kw-session-adopter");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong adopted = new AtomicLong();
    private volatile boolean closing;

    /** Call before {@code mqtt.start()}. */
    public SessionAdoption(MqttIngest mqtt, KafkaForwarder forwarder, String clientId, String topicRoot) {
        this.mqtt = mqtt;
        this.forwarder = forwarder;
        this.self = clientId;
        this.root = topicRoot;
        mqtt.announce(stateTopic(clientId), state("online"), state("crashed"), state("stopped"));
        mqtt.listen(root + "/cluster/nodes/+/state", this::onState);
    }

    private String stateTopic(String clientId) {
        return root + "/cluster/nodes/" + clientId + "/state";
    }

    /** Stamped when this node starts: a state says what the node was, not when the broker passed it on. */
    private static byte[] state(String state) {
        return new JsonObject().put("state", state).put("since", System.currentTimeMillis()).encode().getBytes(StandardCharsets.UTF_8);
    }

    /** Messages taken over from crashed nodes' sessions so far. */
    public long adoptedMessages() {
        return adopted.get();
    }

    /** On Paho's callback thread: must not block. */
    private void onState(String topic, byte[] payload) {
        String[] levels = topic.split("/");
        if (levels.length < 2) {
            return;
        }
        String node = levels[levels.length - 2];
        String state;
        try {
            state = new JsonObject(new String(payload, StandardCharsets.UTF_8)).getString("state", "");
        } catch (RuntimeException e) {
            LOG.debug("unreadable cluster state on {}", topic);
            return;
        }
        Boolean before = online.put(node, state.equals("online"));
        // a node that stopped left its session unsubscribed and empty: only a crashed one's needs taking over
        if (state.equals("crashed") && !node.equals(self) && !Boolean.FALSE.equals(before)) {
            try {
                adopter.execute(() -> adoptIfMine(node));
            } catch (RejectedExecutionException closed) {
                // stopping
            }
        }
    }

    /** The lowest online client id adopts, so two survivors never fight over one session. */
    private void adoptIfMine(String node) {
        if (closing || Boolean.TRUE.equals(online.get(node))) {
            return;
        }
        TreeSet<String> live = new TreeSet<>();
        online.forEach((id, up) -> {
            if (up) {
                live.add(id);
            }
        });
        live.add(self);
        if (!live.first().equals(self)) {
            return;
        }
        try {
            adopt(node);
        } catch (MqttException e) {
            LOG.warn("could not take over the broker session of crashed node {}: {}", node, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void adopt(String node) throws MqttException, InterruptedException {
        MqttAsyncClient client = new MqttAsyncClient(mqtt.brokerUri(), node, new MemoryPersistence());
        AtomicLong lastArrival = new AtomicLong(System.currentTimeMillis());
        AtomicInteger unacknowledged = new AtomicInteger();
        AtomicLong taken = new AtomicLong();
        AtomicBoolean lost = new AtomicBoolean();
        client.setManualAcks(true);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.set(true); // the node came back and took its session: what is unacknowledged goes to it
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
                lastArrival.set(System.currentTimeMillis());
                unacknowledged.incrementAndGet();
                taken.incrementAndGet();
                forwarder.accept(topic, message.getPayload(), System.currentTimeMillis(), () -> {
                    unacknowledged.decrementAndGet();
                    try {
                        client.messageArrivedComplete(message.getId(), message.getQos());
                    } catch (MqttException e) {
                        LOG.debug("ack in the adopted session of {} not sent: {}", node, e.getMessage());
                    }
                });
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        long started = System.currentTimeMillis();
        try {
            client.connect(mqtt.sessionOptions()).waitForCompletion(15_000);
            client.unsubscribe(mqtt.deviceSubscription()).waitForCompletion(10_000);
            LOG.info("took over the broker session of crashed node {} to forward what was queued for it", node);
            while (!closing && !lost.get() && !Boolean.TRUE.equals(online.get(node))
                    && System.currentTimeMillis() - started < LONGEST_MS
                    && (unacknowledged.get() > 0 || System.currentTimeMillis() - lastArrival.get() < QUIET_MS)) {
                Thread.sleep(100);
            }
            if (!closing && !lost.get() && unacknowledged.get() == 0 && !Boolean.TRUE.equals(online.get(node))) {
                forwarder.retire(node); // all it held is in Kafka: analytics need not wait for its progress any more
            }
        } finally {
            adopted.addAndGet(taken.get());
            LOG.info("forwarded {} messages queued for crashed node {}; its session is left empty and unsubscribed", taken.get(), node);
            try {
                if (client.isConnected()) {
                    client.disconnect(2_000).waitForCompletion(3_000);
                }
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("leaving the adopted session of {}: {}", node, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        adopter.shutdownNow();
    }
}
