package io.kitchenwatch.devices.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * Writes a registry the size of a province, for load and scale tests and capacity planning: one province, its counties,
 * and in each county school canteens with three cameras (raw processing, cooking, dishwashing), a disinfection cabinet
 * and a food-waste bin each. Ids are stable ({@code c007-s0042-cab-1}), so a loadtest or a test can name devices
 * without reading the file back. The output passes {@link RegistryLoader} like a hand-written one.
 */
public final class ProvinceRegistry {
    public static final int DEVICES_PER_SITE = 5;
    private static final List<String> CAMERA_ZONES = List.of("raw_processing", "cooking", "dishwashing");

    private ProvinceRegistry() {
    }

    /** The registry JSON for {@code counties} counties of {@code sitesPerCounty} school canteens each. */
    public static String json(int counties, int sitesPerCounty) {
        return json(counties, sitesPerCounty, 10);
    }

    /**
     * The same with cameras and cabinets reporting every {@code intervalSeconds} (bins every minute, or as often as the
     * rest if that is longer): a loadtest keeps a whole province online at a rate one node takes.
     */
    public static String json(int counties, int sitesPerCounty, int intervalSeconds) {
        if (counties < 1 || counties > 999 || sitesPerCounty < 1 || sitesPerCounty > 9_999) {
            throw new IllegalArgumentException("counties must be 1..999 and sites per county 1..9999");
        }
        if (intervalSeconds < 1 || intervalSeconds > 86_400) {
            throw new IllegalArgumentException("the interval must be 1..86400 seconds");
        }
        JsonArray regions = new JsonArray().add(new JsonObject().put("id", "prov").put("name", "示范省"));
        JsonArray organizations = new JsonArray();
        JsonArray sites = new JsonArray();
        for (int c = 1; c <= counties; c++) {
            String county = String.format(Locale.ROOT, "c%03d", c);
            regions.add(new JsonObject().put("id", "prov-" + county).put("name", "第" + c + "县").put("parent", "prov"));
            for (int s = 1; s <= sitesPerCounty; s++) {
                String site = String.format(Locale.ROOT, "%s-s%04d", county, s);
                String organization = "org-" + site;
                organizations.add(new JsonObject().put("id", organization).put("name", "第" + c + "县第" + s + "学校").put("kind", "school"));
                sites.add(new JsonObject().put("id", site).put("name", "第" + c + "县第" + s + "学校食堂").put("kind", "school_canteen")
                        .put("organization", organization).put("region", "prov-" + county).put("timezone", "Asia/Shanghai")
                        .put("working_hours", new JsonArray().add("06:00-13:30").add("16:00-19:30"))
                        .put("devices", devices(site, intervalSeconds)));
            }
        }
        return new JsonObject().put("description", "Generated province: " + counties + " counties, " + counties * sitesPerCounty
                        + " school canteens, " + counties * sitesPerCounty * DEVICES_PER_SITE + " devices")
                .put("regions", regions).put("organizations", organizations).put("sites", sites).encode();
    }

    private static JsonArray devices(String site, int intervalSeconds) {
        JsonArray devices = new JsonArray();
        for (String zone : CAMERA_ZONES) {
            devices.add(new JsonObject().put("id", site + "-cam-" + zone.substring(0, zone.indexOf('_') < 0 ? zone.length() : zone.indexOf('_')))
                    .put("kind", "camera").put("zone", zone).put("interval_s", intervalSeconds));
        }
        devices.add(new JsonObject().put("id", site + "-cab-1").put("kind", "disinfection_cabinet").put("interval_s", intervalSeconds)
                .put("settings", new JsonObject().put("method", "hot_air")));
        devices.add(new JsonObject().put("id", site + "-bin-1").put("kind", "waste_bin").put("interval_s", Math.max(60, intervalSeconds))
                .put("settings", new JsonObject().put("capacity_kg", 120)));
        return devices;
    }
}
