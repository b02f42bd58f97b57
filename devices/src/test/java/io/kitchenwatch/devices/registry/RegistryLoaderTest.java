package io.kitchenwatch.devices.registry;

import io.kitchenwatch.devices.model.DeviceKind;
import io.kitchenwatch.devices.model.SiteKind;
import io.kitchenwatch.devices.model.Zone;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryLoaderTest {
    @Test
    void sampleCountyHasTenCanteensTenRestaurantsAndTwoPlants() {
        Registry r = RegistryLoader.sample();
        assertEquals(10, r.sites().stream().filter(s -> s.kind() == SiteKind.SCHOOL_CANTEEN).count());
        assertEquals(10, r.sites().stream().filter(s -> s.kind() == SiteKind.RESTAURANT).count());
        assertEquals(2, r.sites().stream().filter(s -> s.kind() == SiteKind.DISINFECTION_PLANT).count());
        assertEquals("天台县", r.region("tiantai").orElseThrow().name());
        RegisteredDevice cam = r.device("sch-01-cam-cook").orElseThrow();
        assertEquals(DeviceKind.CAMERA, cam.kind());
        assertEquals(Optional.of(Zone.COOKING), cam.zone());
        assertEquals(Duration.ofSeconds(10), cam.reportInterval());
        assertTrue(r.devicesOf("rst-01").stream().anyMatch(d -> d.kind() == DeviceKind.OIL_SEPARATOR));
    }

    @Test
    void reportsEveryMistakeAtOnce() {
        String text = """
                {"regions":[{"id":"county"}],
                 "organizations":[{"id":"org"}],
                 "sites":[{"id":"bad site","kind":"bakery","organization":"nobody","region":"nowhere",
                           "devices":[{"id":"cam","kind":"camera"},{"id":"x","kind":"toaster"},
                                      {"id":"bin","kind":"waste_bin","interval_s":-5}]}]}""";
        InvalidRegistryException e = assertThrows(InvalidRegistryException.class, () -> RegistryLoader.parse(text, "test"));
        assertEquals(7, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("a camera needs the zone it watches"));
        assertTrue(e.getMessage().contains("unknown organization 'nobody'"));
    }

    @Test
    void rejectsDuplicateDevicesAcrossSites() {
        String text = """
                {"regions":[{"id":"c"}],"organizations":[{"id":"o"}],
                 "sites":[{"id":"a","kind":"restaurant","organization":"o","region":"c","devices":[{"id":"d","kind":"waste_bin"}]},
                          {"id":"b","kind":"restaurant","organization":"o","region":"c","devices":[{"id":"d","kind":"waste_bin"}]}]}""";
        assertTrue(assertThrows(InvalidRegistryException.class, () -> RegistryLoader.parse(text, "t"))
                .getMessage().contains("device 'd' is listed twice"));
    }

    @Test
    void workingHoursFollowTheSiteTimeZoneAndMayCrossMidnight() {
        WorkingHours day = WorkingHours.parse(java.time.ZoneId.of("Asia/Shanghai"), java.util.List.of("06:00-13:30"));
        assertTrue(day.isOpen(Instant.parse("2026-11-29T00:00:00Z")));   // 08:00 in Shanghai
        assertFalse(day.isOpen(Instant.parse("2026-11-29T06:00:00Z")));  // 14:00
        WorkingHours night = WorkingHours.parse(java.time.ZoneId.of("UTC"), java.util.List.of("22:00-02:00"));
        assertTrue(night.isOpen(Instant.parse("2026-11-29T01:00:00Z")));
        assertFalse(night.isOpen(Instant.parse("2026-11-29T12:00:00Z")));
    }
}
