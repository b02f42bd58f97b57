package io.kitchenwatch.analytics.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.kitchenwatch.analytics.engine.RuleEngine;
import io.kitchenwatch.analytics.rules.LineCheck;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceKind;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.DeviceStateChange;
import io.kitchenwatch.devices.model.FieldType;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.ingest.store.StoreException;
import io.kitchenwatch.ingest.store.StoredRow;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads devices' readings, events, births and wills back from the store as the messages analytics first saw (the
 * inverse of the ingest's point mapping in {@code docs/storage.md}), so a restart can analyse them again. Booleans
 * were stored as 1.0/0.0: the fleet's declared field types (and the line cameras' derived fields) turn them back.
 * Camera frames are not read: their pictures are not in the store.
 */
final class StoredHistory {
    private static final Set<String> DEVICE_TAGS = Set.of("site", "device", "kind", "registered");
    private static final Set<String> EVENT_ENVELOPE = Set.of("site", "device", "ts", "type");
    private static final Logger LOG = LoggerFactory.getLogger(StoredHistory.class);
    private final TimeSeriesStore store;

    StoredHistory(TimeSeriesStore store) {
        this.store = store;
    }

    /** Every device's newest stored reading, event, birth or will. */
    Map<String, Long> newestPerDevice() throws StoreException {
        Map<String, Long> newest = new HashMap<>();
        for (String measurement : List.of(TimeSeriesStore.TELEMETRY, TimeSeriesStore.TELEMETRY_TEXT, TimeSeriesStore.EVENTS,
                TimeSeriesStore.DEVICE_STATE)) {
            store.newestPerDevice(measurement).forEach((device, ts) -> newest.merge(device, ts, Math::max));
        }
        return newest;
    }

    /** The messages of the devices {@code wanted} accepts stored in [from, to), each device's in analysis order. */
    List<DeviceMessage> read(long from, long to, Predicate<String> wanted) throws StoreException {
        Map<String, Reading> readings = new LinkedHashMap<>(); // one reading's numbers and texts share a time and device
        for (String measurement : List.of(TimeSeriesStore.TELEMETRY, TimeSeriesStore.TELEMETRY_TEXT)) {
            for (StoredRow row : store.rows(measurement, from, to)) {
                String device = row.text("device");
                if (device != null && wanted.test(device)) {
                    Reading part = reading(row);
                    readings.merge(device + "\u0000" + row.tsMillis(), part, StoredHistory::join);
                }
            }
        }
        List<DeviceMessage> out = new ArrayList<>(readings.values());
        for (StoredRow row : store.rows(TimeSeriesStore.EVENTS, from, to)) {
            String device = row.text("device");
            if (device != null && wanted.test(device) && row.text(TimeSeriesStore.PAYLOAD) != null) {
                try {
                    out.add(event(row));
                } catch (RuntimeException unreadable) {
                    LOG.warn("skipping an unreadable stored event of {} at {}: {}", device, row.tsMillis(), unreadable.toString());
                }
            }
        }
        for (StoredRow row : store.rows(TimeSeriesStore.DEVICE_STATE, from, to)) {
            String device = row.text("device");
            if (device != null && wanted.test(device) && row.columns().get("online") instanceof Double online) {
                out.add(new DeviceStateChange(row.text("site"), device, row.tsMillis(), online != 0));
            }
        }
        out.sort(RuleEngine.eventOrder());
        return out;
    }

    private static Reading reading(StoredRow row) {
        Map<String, Object> values = new HashMap<>();
        row.columns().forEach((column, value) -> {
            if (!DEVICE_TAGS.contains(column) && !column.equals("seq")) {
                values.put(column, value instanceof Double d && isBoolean(column) ? (Object) (d != 0) : value);
            }
        });
        return new Reading(row.text("site"), row.text("device"), row.tsMillis(), sequence(row), values);
    }

    private static boolean isBoolean(String field) {
        return LineCheck.DERIVED_FIELDS.contains(field)
                || DeviceKind.declaredType(field).map(FieldType.BOOLEAN::equals).orElse(false);
    }

    private static Reading join(Reading a, Reading b) {
        Map<String, Object> values = new HashMap<>(a.values());
        values.putAll(b.values());
        return new Reading(a.site(), a.device(), a.ts(), a.seq().isPresent() ? a.seq() : b.seq(), values);
    }

    private static DeviceEvent event(StoredRow row) {
        return new DeviceEvent(row.text("site"), row.text("device"), row.tsMillis(), sequence(row), row.text("type"),
                attributes(new JsonObject(row.text(TimeSeriesStore.PAYLOAD))));
    }

    /** An event's attributes from its stored payload (which also carries where, when and what). */
    static Map<String, Object> attributes(JsonObject payload) {
        Map<String, Object> attributes = new HashMap<>();
        payload.getMap().forEach((k, v) -> {
            if (!EVENT_ENVELOPE.contains(k) && v != null) {
                attributes.put(k, v instanceof Number n ? (Object) n.doubleValue() : v); // the wire decoder gives doubles
            }
        });
        return attributes;
    }

    private static OptionalLong sequence(StoredRow row) {
        return row.columns().get("seq") instanceof Double seq ? OptionalLong.of(seq.longValue()) : OptionalLong.empty();
    }
}
