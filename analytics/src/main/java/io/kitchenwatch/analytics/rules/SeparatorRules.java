package io.kitchenwatch.analytics.rules;

import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.Reading;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Grease interceptor: grease layer warning and alarm, effluent oil, pump-out overdue. */
public final class SeparatorRules implements DeviceRules {
    private static final double EFFLUENT_HYSTERESIS = 0.95;
    private final String site;
    private final String device;
    private final Thresholds t;
    private final Hysteresis warning;
    private final Hysteresis alarm;
    private final Hysteresis effluent;
    private long lastPumpOut = Long.MIN_VALUE;
    private boolean overdue;

    public SeparatorRules(String site, String device, Thresholds t) {
        this.site = site;
        this.device = device;
        this.t = t;
        this.warning = new Hysteresis(t.greaseWarningPct(), t.greaseWarningPct() - t.hysteresisPct());
        this.alarm = new Hysteresis(t.greaseAlarmPct(), t.greaseAlarmPct() - t.hysteresisPct());
        double limit = t.effluentOilMaxMgL();
        this.effluent = new Hysteresis(Math.nextUp(limit), limit * EFFLUENT_HYSTERESIS);
    }

    @Override
    public List<Finding> onReading(Reading r) {
        List<Finding> out = new ArrayList<>(1);
        if (lastPumpOut == Long.MIN_VALUE) {
            lastPumpOut = r.ts(); // never pumped out while watched: count from the first reading
        }
        if (r.values().get("grease_pct") instanceof Double grease) {
            level(out, warning, grease, AlertType.GREASE_LEVEL_WARNING, r.ts(), "grease_pct", t.greaseWarningPct());
            level(out, alarm, grease, AlertType.GREASE_LEVEL_ALARM, r.ts(), "grease_pct", t.greaseAlarmPct());
        }
        if (r.values().get("oil_out_mg_l") instanceof Double oil) {
            level(out, effluent, oil, AlertType.EFFLUENT_OIL_HIGH, r.ts(), "oil_out_mg_l", t.effluentOilMaxMgL());
        }
        double days = (r.ts() - lastPumpOut) / 86_400_000.0;
        if (!overdue && days > t.pumpOutDays()) {
            overdue = true;
            out.add(Finding.raise(AlertType.PUMP_OUT_OVERDUE, site, device, r.ts(), days,
                    Map.of("days_since_pump_out", Math.floor(days * 10) / 10, "limit_days", t.pumpOutDays(), "last_pump_out", lastPumpOut)));
        }
        return out;
    }

    private void level(List<Finding> out, Hysteresis h, double value, AlertType type, long ts, String field, double limit) {
        h.update(value).ifPresent(raised -> out.add(raised
                ? Finding.raise(type, site, device, ts, value, Map.of(field, value, "threshold", limit))
                : Finding.clear(type, site, device, ts)));
    }

    @Override
    public List<Finding> onEvent(DeviceEvent e) {
        if (!e.type().equals("pump_out")) {
            return List.of();
        }
        lastPumpOut = e.ts();
        if (overdue) {
            overdue = false;
            return List.of(Finding.clear(AlertType.PUMP_OUT_OVERDUE, site, device, e.ts()));
        }
        return List.of();
    }
}
