package io.kitchenwatch.dashboards.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QueryParamsTest {
    @Test
    void timesAreEpochMillisOrIso() {
        assertEquals(1_764_400_000_000L, QueryParams.time("1764400000000", "from", 0));
        assertEquals(1_764_403_200_000L, QueryParams.time("2025-11-29T08:00:00Z", "from", 0));
        assertEquals(42L, QueryParams.time(null, "from", 42));
        assertEquals(400, assertThrows(ApiException.class, () -> QueryParams.time("monday", "from", 0)).status());
    }

    @Test
    void stepsTakeUnits() {
        assertEquals(500, QueryParams.step("500ms"));
        assertEquals(30_000, QueryParams.step("30s"));
        assertEquals(300_000, QueryParams.step("5m"));
        assertEquals(3_600_000, QueryParams.step("1h"));
        assertEquals(86_400_000, QueryParams.step("1d"));
        assertEquals(60_000, QueryParams.step("60000"));
        for (String bad : new String[] {"0", "-5", "5x", "", "m", "99999999999999999999d"}) {
            assertEquals(400, assertThrows(ApiException.class, () -> QueryParams.step(bad)).status(), bad);
        }
    }

    @Test
    void autoStepGivesAboutFiveHundredWholeSecondBuckets() {
        assertEquals(173_000, DeviceApi.autoStep(86_400_000));
        assertEquals(1_000, DeviceApi.autoStep(60_000));
    }
}
