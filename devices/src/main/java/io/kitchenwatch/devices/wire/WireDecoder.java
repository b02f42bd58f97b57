package io.kitchenwatch.devices.wire;

import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceKind;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.DeviceStateChange;
import io.kitchenwatch.devices.model.FieldType;
import io.kitchenwatch.devices.model.Frame;
import io.kitchenwatch.devices.model.Identifiers;
import io.kitchenwatch.devices.model.Reading;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns an MQTT message into a validated {@link DeviceMessage}, or a {@link RejectedMessageException} that says
 * exactly why not. Pure: no I/O, safe from any thread.
 */
public final class WireDecoder {
    /** Timestamps before this are a device with an unset clock (2015-01-01T00:00:00Z). */
    static final long EARLIEST_PLAUSIBLE_TS = 1_420_070_400_000L;
    private static final Set<String> RESERVED_FIELDS = Set.of("seq", "ts", "site", "device", "kind", "registered",
            "type", "time", "timestamp");

    /** Names a reading cannot use as a field: they are the store's own columns and the message's envelope. */
    public static boolean isReservedField(String name) {
        return RESERVED_FIELDS.contains(name);
    }

    private static final Set<String> DISINFECTION_METHODS = Set.of("hot_air", "steam", "chlorine", "dishwasher");

    private final TopicScheme topics;
    private final ValidationLimits limits;

    public WireDecoder(TopicScheme topics, ValidationLimits limits) {
        this.topics = topics;
        this.limits = limits;
    }

    public DeviceMessage decode(String topic, byte[] payload, long arrivalMs) throws RejectedMessageException {
        DeviceTopic t = topics.parse(topic);
        return switch (t.channel()) {
            case FRAME -> frame(t, payload, arrivalMs);
            case TELEMETRY -> reading(t, json(payload), arrivalMs);
            case EVENT -> event(t, json(payload), arrivalMs);
            case STATE -> state(t, json(payload), arrivalMs);
        };
    }

    private Frame frame(DeviceTopic t, byte[] jpeg, long arrivalMs) throws RejectedMessageException {
        if (jpeg.length > limits.maxFrameBytes()) {
            throw new RejectedMessageException(RejectionReason.TOO_LARGE,
                    "frame of " + jpeg.length + " bytes exceeds " + limits.maxFrameBytes());
        }
        if (!JpegSignature.looksLikeJpeg(jpeg)) {
            throw new RejectedMessageException(RejectionReason.NOT_JPEG,
                    "payload of " + jpeg.length + " bytes has no JPEG start and end markers");
        }
        return new Frame(t.site(), t.device(), arrivalMs, jpeg);
    }

    private JsonObject json(byte[] payload) throws RejectedMessageException {
        if (payload.length > limits.maxJsonBytes()) {
            throw new RejectedMessageException(RejectionReason.TOO_LARGE,
                    "payload of " + payload.length + " bytes exceeds " + limits.maxJsonBytes());
        }
        try {
            return new JsonObject(Buffer.buffer(payload));
        } catch (DecodeException | IllegalStateException | ClassCastException e) {
            throw new RejectedMessageException(RejectionReason.BAD_JSON, firstLine(e.getMessage()));
        }
    }

    private Reading reading(DeviceTopic t, JsonObject json, long arrivalMs) throws RejectedMessageException {
        Object rawValues = json.getValue("values");
        if (rawValues == null) {
            throw new RejectedMessageException(RejectionReason.MISSING_FIELD, "telemetry needs a 'values' object");
        }
        if (!(rawValues instanceof JsonObject values)) {
            throw new RejectedMessageException(RejectionReason.WRONG_TYPE, "'values' must be an object");
        }
        if (values.isEmpty()) {
            throw new RejectedMessageException(RejectionReason.MISSING_FIELD, "'values' is empty");
        }
        if (values.size() > limits.maxValues()) {
            throw new RejectedMessageException(RejectionReason.TOO_LARGE,
                    values.size() + " values exceed the limit of " + limits.maxValues());
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values) {
            String field = e.getKey();
            if (!Identifiers.isValidField(field) || RESERVED_FIELDS.contains(field)) {
                throw new RejectedMessageException(RejectionReason.BAD_FIELD_NAME,
                        "field name '" + TopicScheme.clip(field) + "' must match " + Identifiers.FIELD.pattern()
                                + " and not be reserved");
            }
            Object value = scalar(field, e.getValue());
            FieldType declared = DeviceKind.declaredType(field).orElse(null);
            if (declared != null && !declared.accepts(value)) {
                throw new RejectedMessageException(RejectionReason.WRONG_TYPE,
                        "'" + field + "' must be a " + declared.name().toLowerCase() + ", got " + describe(value));
            }
            if (field.endsWith("_pct") && value instanceof Double d && (d < 0 || d > 100)) {
                throw new RejectedMessageException(RejectionReason.OUT_OF_RANGE, "'" + field + "' = " + d + " is not within 0..100");
            }
            checked.put(field, value);
        }
        return new Reading(t.site(), t.device(), timestamp(json, arrivalMs), seq(json), checked);
    }

    private DeviceEvent event(DeviceTopic t, JsonObject json, long arrivalMs) throws RejectedMessageException {
        Object type = json.getValue("type");
        if (type == null) {
            throw new RejectedMessageException(RejectionReason.MISSING_FIELD, "event needs a 'type'");
        }
        if (!(type instanceof String typeName)) {
            throw new RejectedMessageException(RejectionReason.WRONG_TYPE, "'type' must be a string");
        }
        boolean known = false;
        for (DeviceKind kind : DeviceKind.values()) {
            known |= kind.eventTypes().contains(typeName);
        }
        if (!known) {
            throw new RejectedMessageException(RejectionReason.UNKNOWN_EVENT_TYPE,
                    "event type '" + TopicScheme.clip(typeName) + "' is not in the contract");
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : json) {
            String key = e.getKey();
            if (key.equals("ts") || key.equals("seq") || key.equals("type")) {
                continue;
            }
            if (!Identifiers.isValidField(key)) {
                throw new RejectedMessageException(RejectionReason.BAD_FIELD_NAME,
                        "attribute name '" + TopicScheme.clip(key) + "' must match " + Identifiers.FIELD.pattern());
            }
            attributes.put(key, scalar(key, e.getValue()));
        }
        switch (typeName) {
            case "cycle_start" -> {
                requireId(attributes, "batch");
                Object method = attributes.get("method");
                if (!(method instanceof String m) || !DISINFECTION_METHODS.contains(m)) {
                    throw new RejectedMessageException(method == null ? RejectionReason.MISSING_FIELD : RejectionReason.WRONG_TYPE,
                            "cycle_start needs 'method', one of " + DISINFECTION_METHODS);
                }
                if (attributes.containsKey("deliver_to")) {
                    requireId(attributes, "deliver_to");
                }
            }
            case "cycle_end" -> requireId(attributes, "batch");
            case "collected" -> {
                Object weight = attributes.get("weight_kg");
                if (!(weight instanceof Double w)) {
                    throw new RejectedMessageException(weight == null ? RejectionReason.MISSING_FIELD : RejectionReason.WRONG_TYPE,
                            "collected needs a numeric 'weight_kg'");
                }
                if (w < 0) {
                    throw new RejectedMessageException(RejectionReason.OUT_OF_RANGE, "'weight_kg' must not be negative");
                }
            }
            default -> {
            }
        }
        return new DeviceEvent(t.site(), t.device(), timestamp(json, arrivalMs), seq(json), typeName, attributes);
    }

    private DeviceStateChange state(DeviceTopic t, JsonObject json, long arrivalMs) throws RejectedMessageException {
        Object online = json.getValue("online");
        if (online == null) {
            throw new RejectedMessageException(RejectionReason.MISSING_FIELD, "state needs 'online'");
        }
        if (!(online instanceof Boolean b)) {
            throw new RejectedMessageException(RejectionReason.WRONG_TYPE, "'online' must be true or false");
        }
        // A Last Will is composed when the device connects, so its ts (if any) is stale: state time is arrival time.
        return new DeviceStateChange(t.site(), t.device(), arrivalMs, b);
    }

    private static void requireId(Map<String, Object> attributes, String key) throws RejectedMessageException {
        Object v = attributes.get(key);
        if (v == null) {
            throw new RejectedMessageException(RejectionReason.MISSING_FIELD, "'" + key + "' is required");
        }
        if (!(v instanceof String s) || !Identifiers.isValidId(s)) {
            throw new RejectedMessageException(RejectionReason.BAD_ID, "'" + key + "' must match " + Identifiers.ID.pattern());
        }
    }

    private Object scalar(String field, Object value) throws RejectedMessageException {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new RejectedMessageException(RejectionReason.NOT_FINITE, "'" + field + "' is not a finite number");
            }
            return d;
        }
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof String s) {
            if (s.length() > limits.maxTextLength()) {
                throw new RejectedMessageException(RejectionReason.TOO_LARGE,
                        "'" + field + "' is longer than " + limits.maxTextLength() + " characters");
            }
            return s;
        }
        throw new RejectedMessageException(RejectionReason.WRONG_TYPE,
                "'" + field + "' must be a number, boolean or short string, got " + describe(value));
    }

    private long timestamp(JsonObject json, long arrivalMs) throws RejectedMessageException {
        Object ts = json.getValue("ts");
        if (ts == null) {
            return arrivalMs;
        }
        if (!(ts instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new RejectedMessageException(RejectionReason.BAD_TIMESTAMP, "'ts' must be integer epoch milliseconds");
        }
        long value = n.longValue();
        if (value < EARLIEST_PLAUSIBLE_TS || value < arrivalMs - limits.maxAge().toMillis()) {
            throw new RejectedMessageException(RejectionReason.BAD_TIMESTAMP, "'ts' " + value + " is too far in the past");
        }
        if (value > arrivalMs + limits.maxFutureSkew().toMillis()) {
            throw new RejectedMessageException(RejectionReason.BAD_TIMESTAMP, "'ts' " + value + " is in the future");
        }
        return value;
    }

    private static OptionalLong seq(JsonObject json) throws RejectedMessageException {
        Object seq = json.getValue("seq");
        if (seq == null) {
            return OptionalLong.empty();
        }
        if (!(seq instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0
                || n.doubleValue() > Long.MAX_VALUE) {
            throw new RejectedMessageException(RejectionReason.WRONG_TYPE, "'seq' must be a non-negative integer");
        }
        return OptionalLong.of(n.longValue());
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> || value instanceof JsonObject) {
            return "an object";
        }
        if (value instanceof Iterable<?>) {
            return "an array";
        }
        return value instanceof String ? "a string" : value.getClass().getSimpleName().toLowerCase();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "not valid JSON";
        }
        int nl = message.indexOf('\n');
        return TopicScheme.clip(nl < 0 ? message : message.substring(0, nl));
    }
}
