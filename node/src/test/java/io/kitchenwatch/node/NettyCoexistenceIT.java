package io.kitchenwatch.node;

import io.kitchenwatch.ingest.broker.EmbeddedBroker;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.netty.util.Version;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HiveMQ CE is built on Netty 4.1, Vert.x 5 on Netty 4.2; the Vert.x BOM puts one Netty 4.2 on the class path. This
 * proves both servers work side by side in one JVM on it: MQTT publish/subscribe through HiveMQ and HTTP through
 * Vert.x at the same time.
 */
class NettyCoexistenceIT {
    @Test
    void hiveMqAndVertxServeTogetherOnOneNetty(@TempDir Path dir) throws Exception {
        Set<String> nettyVersions = Version.identify().values().stream()
                .filter(v -> !v.artifactId().contains("tcnative"))
                .map(Version::artifactVersion).collect(Collectors.toSet());
        assertEquals(1, nettyVersions.size(), "one Netty version on the class path: " + Version.identify());
        assertTrue(nettyVersions.iterator().next().startsWith("4.2."), nettyVersions.toString());

        Vertx vertx = Vertx.vertx();
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, "127.0.0.1", 0)) {
            HttpServer server = vertx.createHttpServer().requestHandler(r -> r.response().end("vertx ok"))
                    .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
            try (TestDevice subscriber = new TestDevice(broker.uri(), "netty-sub");
                 TestDevice publisher = new TestDevice(broker.uri(), "netty-pub")) {
                subscriber.subscribe("kw/netty/#");
                publisher.publish("kw/netty/check", "hivemq ok");
                String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.actualPort() + "/")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertEquals("vertx ok", body);
                var received = await(Duration.ofSeconds(10), subscriber::received, l -> !l.isEmpty());
                assertEquals("hivemq ok", received.get(0)[1]);
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
