package io.kitchenwatch.devices.wire;

import java.util.LinkedHashMap;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.Reading;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/** Writes the JSON payloads of the wire contract (used by simulators and tests). */
public final class WireEncoder {
    private WireEncoder() {
    }

    public static byte[] telemetry(Reading r) {
        JsonObject json = new JsonObject().put("ts", r.ts());
        r.seq().ifPresent(s -> json.put("seq", s));
        json.put("values", new JsonObject(new LinkedHashMap<>(r.values())));
        return bytes(json);
    }

    public static byte[] event(DeviceEvent e) {
        JsonObject json = new JsonObject().put("ts", e.ts());
        e.seq().ifPresent(s -> json.put("seq", s));
        json.put("type", e.type());
        e.attributes().forEach(json::put);
        return bytes(json);
    }

    public static byte[] state(boolean online, long ts) {
        return bytes(new JsonObject().put("online", online).put("ts", ts));
    }

    private static byte[] bytes(JsonObject json) {
        return json.encode().getBytes(StandardCharsets.UTF_8);
    }
}
