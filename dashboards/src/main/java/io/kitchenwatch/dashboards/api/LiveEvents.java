package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.DeviceStateChange;
import io.kitchenwatch.devices.model.Reading;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;

/** The live stream's JSON of a stored message (protocol.md), built only for a client that wants it. */
final class LiveEvents {
    private LiveEvents() {
    }

    static String channel(DeviceMessage m) {
        if (m instanceof Reading) {
            return "telemetry";
        }
        if (m instanceof DeviceEvent) {
            return "event";
        }
        return m instanceof DeviceStateChange ? "state" : "frame";
    }

    /** Frames go without their picture: the stream says a new one is there, {@code /snapshot} serves it. */
    static JsonObject json(DeviceMessage m) {
        JsonObject json = new JsonObject().put("site", m.site()).put("device", m.device()).put("ts", m.ts()).put("channel", channel(m));
        if (m instanceof Reading r) {
            json.put("values", new JsonObject(new HashMap<>(r.values())));
        } else if (m instanceof DeviceEvent e) {
            json.put("type", e.type()).put("attributes", new JsonObject(new HashMap<>(e.attributes())));
        } else if (m instanceof DeviceStateChange s) {
            json.put("online", s.online());
        }
        return json;
    }
}
