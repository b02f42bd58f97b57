package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.dashboards.auth.Tokens;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The OpenAPI description names exactly the routes the router serves. */
class ApiRouterTest {
    @Test
    void theOpenApiDescriptionMatchesTheRoutes(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            ApiRouter router = new ApiRouter(vertx, RegistryLoader.sample(), null, null, null, null, null,
                    new ApiRouter.HealthChecks("none", null), () -> "", Tokens.create(vertx, Optional.of("test-secret"), dir), null,
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), null, null, new RegistryFiles(new io.kitchenwatch.devices.registry.RegistryChangeLog(dir), io.kitchenwatch.devices.identity.CredentialStore.in(dir)));
            router.router();
            JsonObject doc;
            try (var in = ApiRouter.class.getResourceAsStream("/api/openapi.json")) {
                doc = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            Set<String> documented = new TreeSet<>();
            for (String path : doc.getJsonObject("paths").fieldNames()) {
                if (path.startsWith("/api/v1/")) {
                    doc.getJsonObject("paths").getJsonObject(path).fieldNames().forEach(m -> documented.add(m + " " + path));
                }
            }
            assertEquals(documented, router.apiRoutes());
            assertEquals(31, documented.size(), documented.toString());
        } finally {
            vertx.close();
        }
    }
}
