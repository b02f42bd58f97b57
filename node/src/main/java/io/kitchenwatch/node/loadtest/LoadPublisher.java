package io.kitchenwatch.node.loadtest;

import io.kitchenwatch.devices.mqtt.PahoSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes the devices' readings at QoS 1 over one connection, round robin, at the asked rate (or as fast as the
 * broker's acknowledgements allow), and remembers when each fault reading was published, for the alert latency.
 */
final class LoadPublisher implements AutoCloseable {
    private static final int INFLIGHT = 1000;
    private static final long STALL_LIMIT_NANOS = 30_000_000_000L;
    private final MqttAsyncClient client;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    /** device + "@" + reading ts -> wall-clock ms it was published */
    private final Map<String, Long> faultsSent = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    LoadPublisher(String mqttUrl, String username, String password) throws MqttException {
        client = new MqttAsyncClient(mqttUrl, username + ":loadtest-" + ProcessHandle.current().pid(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                System.err.println("loadtest: lost the MQTT connection: " + cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                acked.incrementAndGet();
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(username);
        options.setPassword(password.toCharArray());
        options.setMaxInflight(INFLIGHT);
        options.setCleanSession(true);
        options.setSocketFactory(new PahoSocketFactory());
        client.connect(options).waitForCompletion(15_000);
    }

    /** Publishes until {@code durationMs} has passed or {@link #stop}; returns how many were published. */
    long run(List<LoadDevice> devices, int rate, long durationMs, int faultEvery) throws MqttException {
        long start = System.nanoTime();
        long end = start + durationMs * 1_000_000L;
        long n = 0;
        while (!stopped && System.nanoTime() < end) {
            if (rate > 0) {
                long due = start + n * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            LoadDevice d = devices.get((int) (n % devices.size()));
            long perDevice = n / devices.size();
            boolean fault = faultEvery > 0 && d.canFault() && perDevice % faultEvery == faultEvery - 1;
            long ts = System.currentTimeMillis();
            byte[] payload = d.next(ts, fault).getBytes(StandardCharsets.UTF_8);
            long refusedSince = 0;
            while (true) {
                try {
                    client.publish(d.topic(), payload, 1, false);
                    break;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT
                            && e.getReasonCode() != MqttException.REASON_CODE_NO_MESSAGE_IDS_AVAILABLE) {
                        throw e;
                    }
                    // the broker has not acknowledged enough yet; one that stops acknowledging ends the run
                    long now = System.nanoTime();
                    refusedSince = refusedSince == 0 ? now : refusedSince;
                    if (stopped || now - refusedSince > STALL_LIMIT_NANOS) {
                        throw new MqttException(e.getReasonCode(), new IllegalStateException(
                                "the broker acknowledged nothing for " + (now - refusedSince) / 1_000_000 + " ms"));
                    }
                    LockSupport.parkNanos(200_000);
                }
            }
            if (fault) {
                faultsSent.put(d.id() + "@" + ts, ts);
            }
            published.incrementAndGet();
            n++;
        }
        return n;
    }

    long published() {
        return published.get();
    }

    long acked() {
        return acked.get();
    }

    /** When the fault reading of {@code device} at {@code ts} was published, if it was one. */
    Long faultSent(String device, long ts) {
        return faultsSent.get(device + "@" + ts);
    }

    int faults() {
        return faultsSent.size();
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(5_000).waitForCompletion(6_000);
        }
        client.close();
    }
}
