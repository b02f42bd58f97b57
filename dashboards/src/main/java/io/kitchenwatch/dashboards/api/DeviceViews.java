package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.alerts.Severity;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.Site;
import io.kitchenwatch.ingest.status.DeviceStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.Optional;
import java.util.TreeMap;

/** The JSON shapes of sites and devices in the HTTP API (see docs/protocol.md). */
final class DeviceViews {
    private final Registry registry;

    DeviceViews(Registry registry) {
        this.registry = registry;
    }

    JsonObject device(DeviceStatus s, long now) {
        Optional<RegisteredDevice> reg = registry.device(s.device()).filter(d -> d.site().equals(s.site()));
        JsonObject json = new JsonObject()
                .put("id", s.device())
                .put("site", s.site())
                .put("kind", s.kind().orElse(null))
                .put("zone", reg.flatMap(RegisteredDevice::zone).map(z -> z.wireName()).orElse(null))
                .put("registered", s.registered())
                .put("online", s.online(now))
                .put("online_as_of", now)
                .put("reported_online", s.reportedOnline().orElse(null))
                .put("last_seen", s.lastSeen() == 0 ? null : s.lastSeen())
                .put("last_reading_ts", s.lastReadingTs() == 0 ? null : s.lastReadingTs())
                .put("interval_s", s.expectedInterval().toMillis() / 1000.0)
                .put("latest", new JsonObject(new TreeMap<>(s.latest())));
        return json;
    }

    JsonObject site(Site site, Collection<DeviceStatus> devices, Collection<Alert> unclosedAlerts, long now) {
        long online = devices.stream().filter(d -> d.online(now)).count();
        JsonObject bySeverity = new JsonObject();
        for (Severity s : Severity.values()) {
            bySeverity.put(s.wireName(), unclosedAlerts.stream().filter(a -> a.severity() == s).count());
        }
        return new JsonObject()
                .put("id", site.id())
                .put("name", site.name())
                .put("kind", site.kind().wireName())
                .put("organization", registry.organization(site.organization())
                        .map(o -> new JsonObject().put("id", o.id()).put("name", o.name())).orElse(null))
                .put("region", registry.region(site.region())
                        .map(r -> new JsonObject().put("id", r.id()).put("name", r.name())).orElse(null))
                .put("working_hours", new JsonArray(site.workingHours().specs()))
                .put("timezone", site.workingHours().zone().getId())
                .put("devices", devices.size())
                .put("devices_online", online)
                .put("open_alerts", unclosedAlerts.size())
                .put("open_alerts_by_severity", bySeverity);
    }
}
