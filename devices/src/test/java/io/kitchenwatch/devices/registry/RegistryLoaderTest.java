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
    void eachProblemSaysWhichItemAndFieldItIsAbout() {
        String text = """
                {"regions":[{"id":"county"}],"organizations":[{"id":"org"}],
                 "sites":[{"id":"s1","kind":"bakery","organization":"org","region":"county",
                           "devices":[{"id":"cam","kind":"camera","zone":"cooking"},{"id":"bin","kind":"waste_bin","interval_s":-5},
                                      {"kind":"waste_bin"}]}]}""";
        java.util.List<RegistryProblem> details = assertThrows(InvalidRegistryException.class, () -> RegistryLoader.parse(text, "t")).details();
        assertEquals(3, details.size(), details.toString());
        assertEquals(new RegistryProblem(details.get(0).message(), "site", "s1", null, 0, "kind"), details.get(0));
        assertEquals(new RegistryProblem(details.get(1).message(), "device", "bin", "s1", 1, "interval_s"), details.get(1));
        assertEquals(new RegistryProblem(details.get(2).message(), "device", null, "s1", 2, "id"), details.get(2));
    }

    @Test
    void aChangeSetsProblemsNameTheChangeThatCausedThem() {
        io.vertx.core.json.JsonArray changes = new io.vertx.core.json.JsonArray("""
                [{"op":"put","type":"region","value":{"id":"tiantai-new","parent":"tiantai"}},
                 {"op":"put","type":"device","value":{"id":"sch-01-x","site":"sch-01","kind":"toaster"}},
                 {"op":"retire","type":"site","id":"nowhere"}]""");
        RegistryChanges.Outcome refused = RegistryChanges.apply(RegistryLoader.sample(), changes);
        assertEquals(2, refused.details().size(), "a change that cannot be made and what the file refuses of the rest: " + refused.problems());
        assertEquals(2, refused.details().get(0).change());
        RegistryProblem toaster = refused.details().get(1);
        assertEquals(1, toaster.change());
        assertEquals("kind", toaster.field());
        assertEquals("sch-01", toaster.site());
    }

    @Test
    void anIntervalThatIsNotANumberOfSecondsIsRefused() {
        RegistryChanges.Outcome refused = RegistryChanges.apply(RegistryLoader.sample(), new io.vertx.core.json.JsonArray()
                .add(new io.vertx.core.json.JsonObject().put("op", "put").put("type", "device")
                        .put("value", new io.vertx.core.json.JsonObject().put("id", "sch-01-nan").put("site", "sch-01").put("kind", "waste_bin")
                                .put("interval_s", Double.NaN))));
        assertEquals("interval_s", refused.details().get(0).field(), refused.problems().toString());
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
