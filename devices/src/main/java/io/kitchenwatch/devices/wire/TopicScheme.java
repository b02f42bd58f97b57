package io.kitchenwatch.devices.wire;

import io.kitchenwatch.devices.model.Identifiers;

/**
 * The MQTT topic tree under a configurable root (default {@code kw}). The site level {@code alerts} is reserved for
 * the backend's own alert topics, and {@code $ingest} for the progress probes an ingest sends itself; both share
 * the depth of device topics, so they reach an ingest through its device subscription.
 */
public record TopicScheme(String root) {
    public static final String ALERTS_LEVEL = "alerts";
    public static final String PROBE_LEVEL = "$ingest";
    public static final TopicScheme DEFAULT = new TopicScheme("kw");

    public TopicScheme {
        if (root == null || root.isEmpty() || root.contains("+") || root.contains("#") || root.endsWith("/")) {
            throw new IllegalArgumentException("MQTT root must be a plain topic prefix, got '" + root + "'");
        }
    }

    /** The filter an ingest node subscribes to: every device channel. */
    public String deviceFilter() {
        return root + "/+/+/+";
    }

    public String deviceTopic(String site, String device, Channel channel) {
        return root + "/" + site + "/" + device + "/" + channel.wireName();
    }

    public String deadLetter() {
        return root + "/deadletter";
    }

    public String alerts(String site, String device) {
        return root + "/" + ALERTS_LEVEL + "/" + site + "/" + device;
    }

    /** Where the ingest with this client id sends its progress probes (ids outside topic-safe characters are masked). */
    public String probe(String clientId) {
        return root + "/" + PROBE_LEVEL + "/" + clientId.replaceAll("[^A-Za-z0-9_-]", "_") + "/probe";
    }

    public boolean isProbe(String topic) {
        return topic.startsWith(root + "/" + PROBE_LEVEL + "/");
    }

    /** True for topics the backend publishes itself and must not read back as device data. */
    public boolean isBackendTopic(String topic) {
        return topic.startsWith(root + "/" + ALERTS_LEVEL + "/") || topic.equals(deadLetter()) || isProbe(topic);
    }

    /** Parses a device topic, or explains why it is not one. */
    public DeviceTopic parse(String topic) throws RejectedMessageException {
        String prefix = root + "/";
        if (topic == null || !topic.startsWith(prefix)) {
            throw new RejectedMessageException(RejectionReason.BAD_TOPIC, "topic is not under '" + prefix + "'");
        }
        String[] levels = topic.substring(prefix.length()).split("/", -1);
        if (levels.length != 3) {
            throw new RejectedMessageException(RejectionReason.BAD_TOPIC,
                    "expected {site}/{device}/{channel} after the root, got " + levels.length + " levels");
        }
        if (!Identifiers.isValidId(levels[0]) || ALERTS_LEVEL.equals(levels[0])) {
            throw new RejectedMessageException(RejectionReason.BAD_ID, "site id '" + clip(levels[0]) + "' is invalid");
        }
        if (!Identifiers.isValidId(levels[1])) {
            throw new RejectedMessageException(RejectionReason.BAD_ID, "device id '" + clip(levels[1]) + "' is invalid");
        }
        Channel channel = Channel.fromWire(levels[2]).orElseThrow(() -> new RejectedMessageException(
                RejectionReason.UNKNOWN_CHANNEL, "channel '" + clip(levels[2]) + "' is not one of telemetry, event, frame, state"));
        return new DeviceTopic(levels[0], levels[1], channel);
    }

    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
