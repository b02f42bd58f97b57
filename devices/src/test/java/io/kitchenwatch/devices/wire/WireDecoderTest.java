package io.kitchenwatch.devices.wire;

import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceStateChange;
import io.kitchenwatch.devices.model.Frame;
import io.kitchenwatch.devices.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WireDecoderTest {
    private static final long NOW = 1_764_400_000_000L;
    private final WireDecoder decoder = new WireDecoder(TopicScheme.DEFAULT, ValidationLimits.DEFAULTS);

    @Test
    void decodesTelemetryWithTimestampSeqAndTypedValues() throws Exception {
        Reading r = (Reading) decoder.decode("kw/sch-01/cab-1/telemetry",
                utf8("{\"ts\":1764399999000,\"seq\":42,\"values\":{\"temp_c\":121.4,\"door_open\":false,\"mode\":\"eco\"}}"), NOW);
        assertEquals("sch-01", r.site());
        assertEquals("cab-1", r.device());
        assertEquals(1_764_399_999_000L, r.ts());
        assertEquals(OptionalLong.of(42), r.seq());
        assertEquals(Map.of("temp_c", 121.4, "door_open", false, "mode", "eco"), r.values());
    }

    @Test
    void telemetryWithoutTimestampTakesArrivalTime() throws Exception {
        Reading r = (Reading) decoder.decode("kw/s/d/telemetry", utf8("{\"values\":{\"weight_kg\":3}}"), NOW);
        assertEquals(NOW, r.ts());
        assertEquals(3.0, r.values().get("weight_kg"));
    }

    @Test
    void decodesEventsWithTheirAttributes() throws Exception {
        DeviceEvent e = (DeviceEvent) decoder.decode("kw/s/d/event",
                utf8("{\"ts\":" + NOW + ",\"type\":\"cycle_start\",\"batch\":\"B-20261129-07\",\"method\":\"hot_air\"}"), NOW);
        assertEquals("cycle_start", e.type());
        assertEquals(Map.of("batch", "B-20261129-07", "method", "hot_air"), e.attributes());
    }

    @Test
    void stateTakesArrivalTimeBecauseAWillIsComposedAtConnect() throws Exception {
        DeviceStateChange s = (DeviceStateChange) decoder.decode("kw/s/d/state", utf8("{\"online\":false,\"ts\":1}"), NOW);
        assertEquals(false, s.online());
        assertEquals(NOW, s.ts());
    }

    @Test
    void acceptsAJpegFrame() throws Exception {
        byte[] jpeg = fakeJpeg(500);
        Frame f = (Frame) decoder.decode("kw/s/cam/frame", jpeg, NOW);
        assertArrayEquals(jpeg, f.jpeg());
        assertEquals(NOW, f.ts());
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "not json                                              | telemetry | bad_json",
            "[1,2]                                                 | telemetry | bad_json",
            "{\"values\":{\"temp_c\":NaN}}                         | telemetry | bad_json",
            "{\"values\":{\"temp_c\":1e400}}                       | telemetry | not_finite",
            "{\"values\":{\"temp_c\":\"hot\"}}                     | telemetry | wrong_type",
            "{\"values\":{\"door_open\":1}}                        | telemetry | wrong_type",
            "{\"values\":{\"x\":{\"nested\":1}}}                   | telemetry | wrong_type",
            "{\"values\":{\"x\":[1]}}                              | telemetry | wrong_type",
            "{\"values\":{\"x\":null}}                             | telemetry | wrong_type",
            "{\"values\":{}}                                       | telemetry | missing_field",
            "{\"temp_c\":3}                                        | telemetry | missing_field",
            "{\"values\":5}                                        | telemetry | wrong_type",
            "{\"values\":{\"Temp C\":1}}                           | telemetry | bad_field_name",
            "{\"values\":{\"seq\":1}}                              | telemetry | bad_field_name",
            "{\"values\":{\"grease_pct\":130}}                     | telemetry | out_of_range",
            "{\"ts\":12,\"values\":{\"temp_c\":1}}                 | telemetry | bad_timestamp",
            "{\"ts\":1.5,\"values\":{\"temp_c\":1}}                | telemetry | bad_timestamp",
            "{\"ts\":\"now\",\"values\":{\"temp_c\":1}}            | telemetry | bad_timestamp",
            "{\"ts\":1864400000000,\"values\":{\"temp_c\":1}}      | telemetry | bad_timestamp",
            "{\"seq\":-1,\"values\":{\"temp_c\":1}}                | telemetry | wrong_type",
            "{\"type\":\"explode\"}                                | event     | unknown_event_type",
            "{\"batch\":\"B1\"}                                    | event     | missing_field",
            "{\"type\":\"cycle_start\",\"batch\":\"B1\"}           | event     | missing_field",
            "{\"type\":\"cycle_start\",\"batch\":\"B 1\",\"method\":\"steam\"} | event | bad_id",
            "{\"type\":\"cycle_start\",\"batch\":\"B1\",\"method\":\"uv\"}     | event | wrong_type",
            "{\"type\":\"collected\",\"weight_kg\":-3}             | event     | out_of_range",
            "{\"type\":\"collected\",\"weight_kg\":\"3\"}          | event     | wrong_type",
            "{\"online\":\"yes\"}                                  | state     | wrong_type",
            "{}                                                    | state     | missing_field",
            "{\"values\":{\"temp_c\":1}}                           | frame     | not_jpeg",
    })
    void rejectsWithTheReason(String payload, String channel, String reason) {
        RejectedMessageException e = assertThrows(RejectedMessageException.class,
                () -> decoder.decode("kw/s/d/" + channel, utf8(payload.trim()), NOW));
        assertEquals(reason, e.reason().code(), e.detail());
    }

    @ParameterizedTest
    @CsvSource({"kw/s/d/video, unknown_channel", "kw/s/d, bad_topic", "kw/s/d/telemetry/x, bad_topic",
            "other/s/d/telemetry, bad_topic", "kw/s!/d/telemetry, bad_id", "kw/s/d d/telemetry, bad_id",
            "kw/alerts/d/telemetry, bad_id"})
    void rejectsTopicsOutsideTheContract(String topic, String reason) {
        RejectedMessageException e = assertThrows(RejectedMessageException.class,
                () -> decoder.decode(topic, utf8("{\"values\":{\"temp_c\":1}}"), NOW));
        assertEquals(reason, e.reason().code());
    }

    @Test
    void rejectsOversizedPayloadsBeforeParsing() {
        byte[] huge = new byte[ValidationLimits.DEFAULTS.maxJsonBytes() + 1];
        Arrays.fill(huge, (byte) ' ');
        assertEquals(RejectionReason.TOO_LARGE, assertThrows(RejectedMessageException.class,
                () -> decoder.decode("kw/s/d/telemetry", huge, NOW)).reason());
        assertEquals(RejectionReason.TOO_LARGE, assertThrows(RejectedMessageException.class,
                () -> decoder.decode("kw/s/d/frame", fakeJpeg(ValidationLimits.DEFAULTS.maxFrameBytes() + 1), NOW)).reason());
    }

    @Test
    void rejectsATruncatedJpeg() {
        byte[] truncated = Arrays.copyOf(fakeJpeg(1000), 900);
        assertEquals(RejectionReason.NOT_JPEG, assertThrows(RejectedMessageException.class,
                () -> decoder.decode("kw/s/d/frame", truncated, NOW)).reason());
    }

    @Test
    void encoderAndDecoderAgree() throws Exception {
        Reading r = new Reading("s", "d", NOW, OptionalLong.of(7), Map.of("temp_c", 99.5, "running", true));
        assertEquals(r, decoder.decode("kw/s/d/telemetry", WireEncoder.telemetry(r), NOW));
        DeviceEvent e = new DeviceEvent("s", "d", NOW, OptionalLong.empty(), "collected", Map.of("weight_kg", 38.5, "by", "c-3"));
        assertEquals(e, decoder.decode("kw/s/d/event", WireEncoder.event(e), NOW));
    }

    static byte[] fakeJpeg(int size) {
        byte[] b = new byte[size];
        b[0] = (byte) 0xff;
        b[1] = (byte) 0xd8;
        b[2] = (byte) 0xff;
        b[size - 2] = (byte) 0xff;
        b[size - 1] = (byte) 0xd9;
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
