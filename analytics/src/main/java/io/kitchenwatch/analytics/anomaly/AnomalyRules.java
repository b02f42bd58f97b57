package io.kitchenwatch.analytics.anomaly;

import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.devices.model.Reading;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The statistical checks of one device: EWMA z-score after a warm-up, stuck sensor, rate of change. */
public final class AnomalyRules {
    private final String site;
    private final String device;
    private final List<FieldState> fields;

    public AnomalyRules(String site, String device, List<FieldDetector> detectors) {
        this.site = site;
        this.device = device;
        this.fields = detectors.stream().map(FieldState::new).toList();
    }

    public List<Finding> onReading(Reading r) {
        List<Finding> out = new ArrayList<>(0);
        for (FieldState f : fields) {
            if (r.values().get(f.d.field()) instanceof Double value) {
                f.update(r.ts(), value, out);
            }
        }
        return out;
    }

    private final class FieldState {
        final FieldDetector d;
        long n;
        double mean;
        double var;
        boolean zRaised;
        double lastValue = Double.NaN;
        long lastTs;
        int sameRun;
        boolean stuckRaised;
        boolean rateRaised;

        FieldState(FieldDetector d) {
            this.d = d;
        }

        void update(long ts, double x, List<Finding> out) {
            if (d.zRaise() > 0) {
                zScore(ts, x, out);
            }
            if (d.stuckSamples() > 0) {
                stuck(ts, x, out);
            }
            if (d.maxRatePerMin() > 0 && !Double.isNaN(lastValue) && ts > lastTs) {
                rate(ts, x, out);
            }
            lastValue = x;
            lastTs = ts;
        }

        private void zScore(long ts, double x, List<Finding> out) {
            n++;
            if (n == 1) {
                mean = x;
                return;
            }
            double sd = Math.sqrt(var);
            double z = sd > 1e-9 ? Math.abs(x - mean) / sd : 0;
            if (n > d.warmup()) {
                if (!zRaised && z >= d.zRaise()) {
                    zRaised = true;
                    out.add(Finding.raise(AlertType.SENSOR_ANOMALY, site, device, ts, z, Map.of("field", d.field(), "value", x,
                            "expected", round(mean), "z", round(z))));
                } else if (zRaised && z < d.zRaise() / 2) {
                    zRaised = false;
                    out.add(Finding.clear(AlertType.SENSOR_ANOMALY, site, device, ts));
                }
            }
            double diff = x - mean;
            mean += d.alpha() * diff;
            var = (1 - d.alpha()) * (var + d.alpha() * diff * diff);
        }

        private void stuck(long ts, double x, List<Finding> out) {
            sameRun = x == lastValue ? sameRun + 1 : 1;
            if (!stuckRaised && sameRun >= d.stuckSamples()) {
                stuckRaised = true;
                out.add(Finding.raise(AlertType.SENSOR_STUCK, site, device, ts, sameRun, Map.of("field", d.field(), "value", x,
                        "identical_readings", sameRun)));
            } else if (stuckRaised && sameRun == 1) {
                stuckRaised = false;
                out.add(Finding.clear(AlertType.SENSOR_STUCK, site, device, ts));
            }
        }

        private void rate(long ts, double x, List<Finding> out) {
            double perMin = Math.abs(x - lastValue) / ((ts - lastTs) / 60_000.0);
            if (!rateRaised && perMin > d.maxRatePerMin()) {
                rateRaised = true;
                out.add(Finding.raise(AlertType.SENSOR_RATE_OF_CHANGE, site, device, ts, perMin, Map.of("field", d.field(),
                        "from", lastValue, "to", x, "per_min", round(perMin), "limit_per_min", d.maxRatePerMin())));
            } else if (rateRaised && perMin <= d.maxRatePerMin() / 2) {
                rateRaised = false;
                out.add(Finding.clear(AlertType.SENSOR_RATE_OF_CHANGE, site, device, ts));
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
