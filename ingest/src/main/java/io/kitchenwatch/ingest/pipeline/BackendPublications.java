package io.kitchenwatch.ingest.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The backend's own publications (alert changes, frames pulled from cameras) on their way to the broker at QoS 1, in
 * order. Paho takes at most its inflight window at once; a burst beyond it (a county's network goes down and 20,000
 * devices turn offline together) waits here, and each acknowledgement lets the next go; while the client is down they
 * wait too. Bounded at {@link #CAPACITY} publications and {@link #MAX_BYTES} of payload (frames are large): past either
 * the oldest waiting ones are dropped and counted
 * ({@code kw_backend_publications_dropped_total}, one log line a minute at most): the store keeps every alert, and the
 * alert topics are a feed for downstream systems.
 */
final class BackendPublications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackendPublications.class);
    static final int CAPACITY = 200_000;
    static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final long LOG_EVERY_MS = 60_000;

    private record Outgoing(String topic, byte[] payload) {
    }

    private final Supplier<MqttAsyncClient> client;
    private final ArrayDeque<Outgoing> waiting = new ArrayDeque<>();
    private final AtomicBoolean pumpQueued = new AtomicBoolean();
    private final ScheduledExecutorService pump = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kw-backend-publish");
        t.setDaemon(true);
        return t;
    });
    private final Counter dropped;
    private final IMqttActionListener next = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            kick();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            kick();
        }
    };
    private long loggedAt;
    private long bytesWaiting;

    BackendPublications(Supplier<MqttAsyncClient> client, MeterRegistry meters) {
        this.client = client;
        this.dropped = Counter.builder("kw.backend.publications.dropped")
                .description("alert changes and pulled frames not published because too many were waiting (the store has them)").register(meters);
        Gauge.builder("kw.backend.publications.waiting", this, BackendPublications::waiting)
                .description("backend publications waiting for the broker (bounded)").register(meters);
        // a client that was down sends no acknowledgement to wake the queue: look once a second
        pump.scheduleWithFixedDelay(this::kick, 1, 1, TimeUnit.SECONDS);
    }

    void publish(String topic, byte[] payload) {
        synchronized (waiting) {
            while (!waiting.isEmpty() && (waiting.size() >= CAPACITY || bytesWaiting + payload.length > MAX_BYTES)) {
                bytesWaiting -= waiting.poll().payload().length;
                dropped.increment();
                long now = System.currentTimeMillis();
                if (now - loggedAt >= LOG_EVERY_MS) {
                    loggedAt = now;
                    LOG.warn("{} backend publications ({} MB) wait for the broker; the oldest are dropped (counted in "
                            + "kw_backend_publications_dropped_total)", waiting.size(), bytesWaiting / (1024 * 1024));
                }
            }
            waiting.add(new Outgoing(topic, payload));
            bytesWaiting += payload.length;
        }
        kick();
    }

    int waiting() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    private void kick() {
        if (pumpQueued.compareAndSet(false, true)) {
            try {
                pump.execute(this::sendWhatFits);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                pumpQueued.set(false);
            }
        }
    }

    private void sendWhatFits() {
        pumpQueued.set(false);
        while (true) {
            Outgoing o;
            synchronized (waiting) {
                o = waiting.peek();
            }
            if (o == null) {
                return;
            }
            try {
                client.get().publish(o.topic(), o.payload(), 1, false, null, next);
            } catch (MqttException e) {
                // a full window or a client that is down: the next acknowledgement or the next second tries again
                return;
            }
            synchronized (waiting) {
                if (waiting.peek() == o) { // else an overflow dropped it while it was being sent
                    bytesWaiting -= waiting.poll().payload().length;
                }
            }
        }
    }

    /** Sends what waits for up to {@code millis}, then stops. */
    void flushAndClose(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (waiting() > 0 && System.currentTimeMillis() < deadline) {
            kick();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
    }

    @Override
    public void close() {
        pump.shutdownNow();
    }
}
