package io.kitchenwatch.ingest.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Our encoder writes exactly what influxdb-client-java's {@code Point} writes, which both stores are tested with. */
class LineProtocolTest {
    @Test
    void writesWhatTheClientWritesForHostileNamesAndText() {
        List<StorePoint> points = List.of(
                new StorePoint("telemetry", Map.of("site", "sch-01", "device", "sch-01-cab-1", "kind", "cabinet"),
                        Map.of("temp_c", 121.5, "running", true, "door_open", false, "seq", 42L), 1_780_000_000_123L),
                new StorePoint("we ird,m=x", Map.of("k ey,=", "v al=u,e", "tab\tnl\ncr\r", "x", "empty", ""),
                        Map.of("pay load", "say \"hi\" \\ back\nslash, =", "n", 3), 1L),
                new StorePoint("events", Map.of("device", "d"), Map.of("payload", "{\"a\":[1,2]}"), 0L),
                new StorePoint("no_fields_left", Map.of("device", "d"), Map.of("x", Double.NaN, "y", Double.POSITIVE_INFINITY), 5L),
                new StorePoint("telemetry", Map.of(), Map.of("a", -0.0, "b", 1e20, "c", 1e-7, "d", -123456789.125,
                        "e", Double.MAX_VALUE, "f", Double.MIN_VALUE, "g", 0.1 + 0.2, "h", 1e7, "i", 1e-3), 9L));
        assertEquals(ClientLineProtocol.encode(points), LineProtocol.encode(points));
    }

    @Test
    void writesEveryDoubleAsTheClientDoes() {
        Random random = new Random(7);
        List<StorePoint> points = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Map<String, Object> fields = new HashMap<>();
            fields.put("bits", Double.longBitsToDouble(random.nextLong()));
            fields.put("gauss", random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15));
            fields.put("reading", Math.round(random.nextDouble() * 20_000) / 100.0);
            fields.put("count", (double) random.nextInt());
            points.add(new StorePoint("telemetry", Map.of("device", "d" + i), fields, i));
        }
        assertEquals(ClientLineProtocol.encode(points), LineProtocol.encode(points));
    }
}
