package io.kitchenwatch.ingest.broker;

import io.kitchenwatch.devices.wire.ValidationLimits;
import java.util.Locale;
import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import io.kitchenwatch.devices.identity.SecretFiles;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * HiveMQ Community Edition inside this JVM, for zero-setup installs. Its sessions, subscriptions and queued messages
 * persist to files under its folder (file persistence), so what it acknowledged to a device survives a crash of the
 * whole process; each persistent session may queue up to {@link BrokerSettings#maxQueuedMessages()} messages
 * (newer ones are dropped beyond that, and counted). On every start, until {@link #admitEveryone()}, only the first
 * clients (the ingest) may connect. Who may connect and what they may do is {@link BrokerSettings#access()}: a node
 * runs it closed (per-device credentials, topic permissions). Anonymous usage statistics are off.
 */
public final class EmbeddedBroker implements AutoCloseable {
    /**
     * Limits on what a client may send before anyone knows who it is (HiveMQ's defaults allow 256 MB packets and
     * 64 KB client ids): twice the largest snapshot the ingest accepts, so an oversized one still reaches the ingest
     * and is dead-lettered with its reason, and ids and topics far beyond anything the wire contract allows.
     */
    static final int MAX_PACKET_BYTES = 2 * ValidationLimits.DEFAULTS.maxFrameBytes() + 64 * 1024;
    static final int MAX_CLIENT_ID_LENGTH = 256;
    static final int MAX_TOPIC_LENGTH = 1024;
    /**
     * Unacknowledged QoS 1 messages HiveMQ sends one subscriber (its built-in 50, fixed whatever the client asks): the
     * ingest acknowledges only once a batch is stored, so the window caps how much one store write can take, and with
     * 50 the broker, not the store writer, set the pace (scripts/bench-ingest). As Mosquitto's max_inflight_messages
     * and Paho's max inflight here. The knob is a public field of HiveMQ's internal configuration, read when a client
     * connects; it is not in config.xml.
     */
    static final int SUBSCRIBER_INFLIGHT_WINDOW = 1000;

    private final EmbeddedHiveMQ hive;
    private final BrokerExtension extension;
    private final BrokerSettings settings;
    private final int port;
    private final Optional<BrokerTls> tls;

    private EmbeddedBroker(EmbeddedHiveMQ hive, BrokerExtension extension, BrokerSettings settings, int port,
                           Optional<BrokerTls> tls) {
        this.hive = hive;
        this.extension = extension;
        this.settings = settings;
        this.port = port;
        this.tls = tls;
    }

    /** An open broker on {@code bindAddress:port} (0 picks a free port) with default limits. */
    public static EmbeddedBroker start(Path base, String bindAddress, int port) {
        return start(base, BrokerSettings.open(bindAddress, port));
    }

    /** Starts the broker, restoring the sessions and queues a previous run left in {@code base}. */
    public static EmbeddedBroker start(Path base, BrokerSettings settings) {
        int chosen = settings.port() == 0 ? freePort() : settings.port();
        BrokerExtension extension = new BrokerExtension(settings.firstClients(), settings.access());
        Optional<BrokerTls> tls = settings.tls().map(t -> t.port() == 0 ? t.withPort(freePort()) : t);
        try {
            Path conf = Files.createDirectories(base.resolve("conf"));
            // the file holds the keystore's password: owner only
            SecretFiles.write(conf.resolve("config.xml"), """
                    <hivemq>
                      <listeners><tcp-listener><port>%d</port><bind-address>%s</bind-address></tcp-listener>
                      %s</listeners>
                      <persistence><mode>file</mode></persistence>
                      <mqtt><queued-messages><max-queue-size>%d</max-queue-size><strategy>discard</strategy></queued-messages>
                        <packets><max-packet-size>%d</max-packet-size></packets></mqtt>
                      <restrictions><max-client-id-length>%d</max-client-id-length><max-topic-length>%d</max-topic-length></restrictions>
                      <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>""".formatted(chosen, settings.bindAddress(), tls.map(BrokerTls::listenerXml).orElse(""),
                    settings.maxQueuedMessages(), MAX_PACKET_BYTES, MAX_CLIENT_ID_LENGTH, MAX_TOPIC_LENGTH));
            InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = SUBSCRIBER_INFLIGHT_WINDOW;
            EmbeddedHiveMQ hive = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(base.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(base.resolve("extensions")))
                    .withEmbeddedExtension(EmbeddedExtension.builder()
                            .withId("kitchenwatch").withName("KitchenWatch").withVersion("1")
                            .withPriority(1000).withStartPriority(1000)
                            .withExtensionMain(extension).build())
                    .build();
            hive.start().get(120, TimeUnit.SECONDS);
            return new EmbeddedBroker(hive, extension, settings, chosen, tls);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker folder " + base, e);
        } catch (Exception e) {
            throw new IllegalStateException("embedded HiveMQ did not start on port " + chosen + ": " + e, e);
        }
    }

    /** Lets devices in: called once the ingest's subscription is in place. */
    public void admitEveryone() {
        extension.open();
    }

    /** The broker's queue limit and what it dropped or refused, as {@code kw_broker_*} metrics. */
    public void bindMetrics(MeterRegistry meters) {
        MetricRegistry hiveMetrics = extension.metrics();
        Gauge.builder("kw.broker.queue.limit.messages", settings, BrokerSettings::maxQueuedMessages)
                .description("messages the embedded broker keeps per persistent session (the ingest's backlog)").register(meters);
        FunctionCounter.builder("kw.broker.refused.connects", extension, BrokerExtension::refusedWhileStarting)
                .description("connections refused while the broker waited for ingest to subscribe").register(meters);
        for (BrokerExtension.Refusal reason : BrokerExtension.Refusal.values()) {
            FunctionCounter.builder("kw.broker.auth.failures", extension, e -> e.refusals(reason))
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .description("connections refused by authentication (throttled: refused unchecked after repeated failures)")
                    .register(meters);
        }
        FunctionCounter.builder("kw.broker.revoked.disconnects", extension, BrokerExtension::revokedDisconnects)
                .description("sessions disconnected because their login was revoked or rotated").register(meters);
        FunctionCounter.builder("kw.broker.certificate.logins", extension, BrokerExtension::certificateLogins)
                .description("devices admitted by a client certificate (mutual TLS) instead of a password").register(meters);
        Gauge.builder("kw.broker.auth.throttle.keys", extension, BrokerExtension::throttleKeys)
                .description("addresses and logins with recent failed connects tracked for throttling (at most 10,000)").register(meters);
        if (hiveMetrics != null) {
            bridge(meters, hiveMetrics, "com.hivemq.messages.dropped.count", "kw.broker.dropped",
                    "messages the embedded broker dropped (a full session queue among the causes)");
            bridge(meters, hiveMetrics, "com.hivemq.messages.incoming.publish.count", "kw.broker.publishes.received",
                    "PUBLISH packets the embedded broker received");
        }
    }

    private static void bridge(MeterRegistry meters, MetricRegistry hiveMetrics, String hiveName, String name, String doc) {
        if (hiveMetrics.getMetrics().get(hiveName) instanceof Counter counter) {
            FunctionCounter.builder(name, counter, Counter::getCount).description(doc).register(meters);
        }
    }

    public int port() {
        return port;
    }

    /** Where a client in this process reaches the plain listener: loopback when it listens everywhere. */
    public String uri() {
        String bind = settings.bindAddress();
        boolean everywhere = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("0:0:0:0:0:0:0:0");
        String host = everywhere ? "127.0.0.1" : bind.contains(":") ? "[" + bind + "]" : bind;
        return "tcp://" + host + ":" + port;
    }

    /** The TLS listener, with the port it took, if the broker offers one. */
    public Optional<BrokerTls> tls() {
        return tls;
    }

    /** {@code ssl://localhost:<port>} (the generated certificate names localhost), if the broker offers TLS. */
    public Optional<String> tlsUri() {
        return tls.map(t -> "ssl://localhost:" + t.port());
    }

    @Override
    public void close() {
        try {
            hive.stop().get(30, TimeUnit.SECONDS);
            hive.close();
        } catch (Exception e) {
            throw new IllegalStateException("embedded HiveMQ did not stop cleanly: " + e, e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
