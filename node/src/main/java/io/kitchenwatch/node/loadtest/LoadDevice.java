package io.kitchenwatch.node.loadtest;

import java.util.Locale;

/**
 * One driven device: a registered id with benign readings of its kind, numbered from one sequence that starts above
 * anything an earlier run sent (so no reading is taken for a duplicate), and, for a separator, a grease alarm every
 * so often that the next reading clears.
 */
final class LoadDevice {
    private final String site;
    private final String id;
    private final String kind;
    private final String topic;
    private long seq;
    private long sent;

    LoadDevice(String topicRoot, String site, String id, String kind, long firstSeq) {
        this.site = site;
        this.id = id;
        this.kind = kind;
        this.topic = topicRoot + "/" + site + "/" + id + "/telemetry";
        this.seq = firstSeq;
    }

    String id() {
        return id;
    }

    String site() {
        return site;
    }

    String topic() {
        return topic;
    }

    boolean canFault() {
        return kind.equals("oil_separator");
    }

    /** The next reading at {@code ts}; a fault if asked and this device can show one. */
    String next(long ts, boolean fault) {
        sent++;
        String values = switch (kind) {
            case "oil_separator" -> String.format(Locale.ROOT, "\"grease_pct\":%.1f,\"oil_out_mg_l\":40.0,\"water_level_pct\":55.0",
                    fault ? 40.0 : 10.0 + (sent % 10) * 0.1);
            case "waste_bin" -> String.format(Locale.ROOT, "\"weight_kg\":%.1f,\"lid_open\":false", 10.0 + (sent % 10) * 0.1);
            case "disinfection_cabinet" -> "\"temp_c\":25.0,\"running\":false,\"door_open\":false";
            default -> "\"fps\":25.0,\"bitrate_kbps\":2000.0";
        };
        return "{\"ts\":" + ts + ",\"seq\":" + (seq++) + ",\"values\":{" + values + "}}";
    }
}
