package io.kitchenwatch.analytics.rules;

import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.Reading;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Food-waste bin: collected often enough, not overfull, lid not left open. */
public final class WasteBinRules implements DeviceRules {
    private final String site;
    private final String device;
    private final Thresholds t;
    private final OptionalDouble capacityKg;
    private final Hysteresis overfull;
    private long lastCollected = Long.MIN_VALUE;
    private boolean overdue;
    private long lidOpenSince = Long.MIN_VALUE;
    private boolean lidAlert;

    public WasteBinRules(String site, String device, Thresholds t, OptionalDouble capacityKg) {
        this.site = site;
        this.device = device;
        this.t = t;
        this.capacityKg = capacityKg;
        this.overfull = new Hysteresis(t.wasteFullPct(), t.wasteFullPct() - t.hysteresisPct());
    }

    @Override
    public List<Finding> onReading(Reading r) {
        List<Finding> out = new ArrayList<>(1);
        if (lastCollected == Long.MIN_VALUE) {
            lastCollected = r.ts();
        }
        double hours = (r.ts() - lastCollected) / 3_600_000.0;
        if (!overdue && hours > t.wasteCollectHours()) {
            overdue = true;
            out.add(Finding.raise(AlertType.WASTE_COLLECTION_OVERDUE, site, device, r.ts(), hours,
                    Map.of("hours_since_collection", Math.floor(hours * 10) / 10, "limit_hours", t.wasteCollectHours())));
        }
        if (capacityKg.isPresent() && r.values().get("weight_kg") instanceof Double weight) {
            double pct = 100 * weight / capacityKg.getAsDouble();
            overfull.update(pct).ifPresent(raised -> out.add(raised
                    ? Finding.raise(AlertType.WASTE_BIN_OVERFULL, site, device, r.ts(), pct,
                    Map.of("weight_kg", weight, "capacity_kg", capacityKg.getAsDouble(), "fill_pct", Math.round(pct * 10) / 10.0))
                    : Finding.clear(AlertType.WASTE_BIN_OVERFULL, site, device, r.ts())));
        }
        if (r.values().get("lid_open") instanceof Boolean lidOpen) {
            if (lidOpen) {
                if (lidOpenSince == Long.MIN_VALUE) {
                    lidOpenSince = r.ts();
                }
                double openS = (r.ts() - lidOpenSince) / 1000.0;
                if (!lidAlert && openS > t.lidOpenS()) {
                    lidAlert = true;
                    out.add(Finding.raise(AlertType.WASTE_BIN_LID_OPEN, site, device, r.ts(), openS,
                            Map.of("open_since", lidOpenSince, "open_s", openS, "limit_s", t.lidOpenS())));
                }
            } else {
                lidOpenSince = Long.MIN_VALUE;
                if (lidAlert) {
                    lidAlert = false;
                    out.add(Finding.clear(AlertType.WASTE_BIN_LID_OPEN, site, device, r.ts()));
                }
            }
        }
        return out;
    }

    @Override
    public List<Finding> onEvent(DeviceEvent e) {
        if (!e.type().equals("collected")) {
            return List.of();
        }
        lastCollected = e.ts();
        if (overdue) {
            overdue = false;
            return List.of(Finding.clear(AlertType.WASTE_COLLECTION_OVERDUE, site, device, e.ts()));
        }
        return List.of();
    }
}
