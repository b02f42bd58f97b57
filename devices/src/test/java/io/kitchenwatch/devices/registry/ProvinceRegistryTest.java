package io.kitchenwatch.devices.registry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A generated province loads like a written registry, and its indexes answer by site and by region. */
class ProvinceRegistryTest {
    @Test
    void aGeneratedProvinceLoadsAndItsIndexesAnswer() {
        Registry registry = RegistryLoader.parse(ProvinceRegistry.json(3, 4), "generated");
        assertEquals(12, registry.sites().size());
        assertEquals(12 * ProvinceRegistry.DEVICES_PER_SITE, registry.devices().size());
        assertEquals(List.of("c002-s0003-bin-1", "c002-s0003-cab-1", "c002-s0003-cam-cooking", "c002-s0003-cam-dishwashing",
                "c002-s0003-cam-raw"), registry.devicesOf("c002-s0003").stream().map(RegisteredDevice::id).toList());
        assertEquals(List.of("c003-s0001", "c003-s0002", "c003-s0003", "c003-s0004"),
                registry.sitesIn("prov-c003").stream().map(Site::id).toList());
        assertEquals(12, registry.sitesIn("prov").size(), "a province holds its counties' sites");
        assertEquals(List.of(), registry.sitesIn("nowhere"));
        assertEquals(List.of(), registry.devicesOf("nowhere"));
    }
}
