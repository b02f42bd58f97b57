package io.kitchenwatch.analytics.rules;

import io.kitchenwatch.analytics.disinfection.Verdict;
import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.analytics.disinfection.BatchTracker;
import io.kitchenwatch.analytics.disinfection.BatchVerdict;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.Reading;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Disinfection cabinet: every batch gets a verdict; a batch that is not compliant raises a critical alert. */
public final class CabinetRules implements DeviceRules {
    private final BatchTracker tracker;
    private final Consumer<BatchVerdict> verdicts;

    public CabinetRules(String site, String device, Thresholds t, Duration sampleInterval, Consumer<BatchVerdict> verdicts) {
        this.tracker = new BatchTracker(site, device, t, sampleInterval);
        this.verdicts = verdicts;
    }

    private boolean running;

    @Override
    public List<Finding> onReading(Reading r) {
        if (r.values().get("running") instanceof Boolean b) {
            running = b;
        }
        return judge(tracker.onReading(r));
    }

    /** What the cabinet itself last said: it runs (telemetry {@code running}, or a batch is open). */
    public boolean running() {
        return running || tracker.runningBatch().isPresent();
    }

    /** The cabinet is in the hold of a batch. */
    public boolean holding() {
        return tracker.holding();
    }

    @Override
    public List<Finding> onEvent(DeviceEvent e) {
        return judge(tracker.onEvent(e));
    }

    private List<Finding> judge(Optional<BatchVerdict> verdict) {
        if (verdict.isEmpty()) {
            return List.of();
        }
        BatchVerdict v = verdict.get();
        verdicts.accept(v);
        if (v.compliant()) {
            return List.of();
        }
        double shortfall = Math.max(0, v.requiredS() - (v.verdict() == Verdict.UNVERIFIABLE ? 0 : v.heldS()));
        return List.of(Finding.raise(AlertType.DISINFECTION_CYCLE_NONCOMPLIANT, v.site(), v.device(), v.end(), shortfall, v.evidence()));
    }
}
