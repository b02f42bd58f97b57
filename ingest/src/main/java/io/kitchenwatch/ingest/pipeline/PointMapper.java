package io.kitchenwatch.ingest.pipeline;

import java.nio.charset.StandardCharsets;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.DeviceStateChange;
import io.kitchenwatch.devices.model.Frame;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.ingest.store.StorePoint;
import io.kitchenwatch.ingest.status.UnregisteredSources;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps device messages to the rows of {@code docs/storage.md}. Booleans are stored as 1.0/0.0 so every telemetry
 * field is a float (no field-type conflicts, and a downsampled boolean reads as "fraction of time true"); text values
 * go to their own measurement.
 */
public final class PointMapper {
    static final String UNKNOWN_KIND = "unknown";
    private final Registry registry;

    public PointMapper(Registry registry) {
        this.registry = registry;
    }

    public List<StorePoint> toPoints(DeviceMessage message) {
        if (message instanceof Reading r) {
            return reading(r);
        }
        if (message instanceof DeviceEvent e) {
            return List.of(event(e));
        }
        if (message instanceof Frame f) {
            return List.of(new StorePoint(TimeSeriesStore.FRAMES, siteAndDevice(f),
                    Map.of("bytes", (double) f.jpeg().length), f.ts()));
        }
        DeviceStateChange s = (DeviceStateChange) message;
        return List.of(new StorePoint(TimeSeriesStore.DEVICE_STATE, siteAndDevice(s),
                Map.of("online", s.online() ? 1.0 : 0.0), s.ts()));
    }

    private List<StorePoint> reading(Reading r) {
        Map<String, Object> numbers = new HashMap<>();
        Map<String, Object> texts = new HashMap<>();
        r.values().forEach((field, value) -> {
            if (value instanceof Boolean b) {
                numbers.put(field, b ? 1.0 : 0.0);
            } else if (value instanceof Double) {
                numbers.put(field, value);
            } else {
                texts.put(field, value);
            }
        });
        List<StorePoint> points = new ArrayList<>(2);
        Map<String, String> tags = deviceTags(r);
        if (!numbers.isEmpty()) {
            r.seq().ifPresent(s -> numbers.put("seq", (double) s));
            points.add(new StorePoint(TimeSeriesStore.TELEMETRY, tags, numbers, r.ts()));
        }
        if (!texts.isEmpty()) {
            r.seq().ifPresent(s -> texts.put("seq", (double) s));
            points.add(new StorePoint(TimeSeriesStore.TELEMETRY_TEXT, tags, texts, r.ts()));
        }
        return points;
    }

    private StorePoint event(DeviceEvent e) {
        Map<String, String> tags = new HashMap<>(deviceTags(e));
        tags.put("type", e.type());
        Map<String, Object> fields = new HashMap<>();
        // the whole event, so a row read back alone (a ledger line) says what, when and where
        JsonObject payload = new JsonObject().put("site", e.site()).put("device", e.device()).put("ts", e.ts()).put("type", e.type());
        e.attributes().forEach(payload::put);
        fields.put(TimeSeriesStore.PAYLOAD, payload.encode());
        e.seq().ifPresent(s -> fields.put("seq", (double) s));
        return new StorePoint(TimeSeriesStore.EVENTS, tags, fields, e.ts());
    }

    /**
     * The one row a message from an unregistered or misplaced source becomes: in its own measurement, so nothing of
     * it reaches a registered device's series. A frame keeps only its size (its picture could be anyone's).
     */
    public StorePoint unregistered(DeviceMessage m, UnregisteredSources.Reason reason, byte[] payload) {
        String channel = m instanceof Reading ? "telemetry" : m instanceof DeviceEvent ? "event" : m instanceof Frame ? "frame" : "state";
        Map<String, Object> fields = new HashMap<>();
        fields.put("bytes", (double) payload.length);
        if (!(m instanceof Frame)) {
            fields.put(TimeSeriesStore.PAYLOAD, new String(payload, StandardCharsets.UTF_8));
        }
        return new StorePoint(TimeSeriesStore.UNREGISTERED, Map.of("site", m.site(), "device", m.device(), "channel", channel,
                "reason", reason.wireName()), fields, m.ts());
    }

    /** Why the registry does not vouch for this message's source, if it does not. */
    public Optional<UnregisteredSources.Reason> unregisteredReason(DeviceMessage m) {
        Optional<RegisteredDevice> known = registry.device(m.device());
        if (known.isEmpty()) {
            return Optional.of(UnregisteredSources.Reason.UNREGISTERED);
        }
        return known.get().site().equals(m.site()) ? Optional.empty() : Optional.of(UnregisteredSources.Reason.WRONG_SITE);
    }

    /** A device is registered when the registry knows it at the site it reports from. */
    Optional<RegisteredDevice> registered(DeviceMessage m) {
        return registry.device(m.device()).filter(d -> d.site().equals(m.site()));
    }

    private Map<String, String> deviceTags(DeviceMessage m) {
        Optional<RegisteredDevice> known = registered(m);
        return Map.of("site", m.site(), "device", m.device(),
                "kind", known.map(d -> d.kind().wireName()).orElse(UNKNOWN_KIND),
                "registered", String.valueOf(known.isPresent()));
    }

    private static Map<String, String> siteAndDevice(DeviceMessage m) {
        return Map.of("site", m.site(), "device", m.device());
    }
}
