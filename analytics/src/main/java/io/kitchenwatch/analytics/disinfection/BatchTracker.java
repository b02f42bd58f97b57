package io.kitchenwatch.analytics.disinfection;

import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.Reading;

import java.time.Duration;
import java.util.Optional;

/**
 * Follows the batches of one cabinet on event time. Between two consecutive readings both at or above the method's
 * threshold the chamber counts as held; the held time adds up over the batch and restarts at a door opening before
 * the hold is complete.
 * Readings missing for longer than the allowed number of sample intervals make the batch unverifiable; a batch
 * without an end after the abandon time is abandoned. Inputs must come in event-time order.
 */
public final class BatchTracker {
    private final String site;
    private final String device;
    private final Thresholds thresholds;
    private final long maxGapMs;
    private Open open;

    private static final class Open {
        final String batch;
        final Thresholds.MethodRule rule;
        final long start;
        final String deliverTo;
        long lastTs;
        boolean lastAbove;
        boolean sawSample;
        double heldMs;
        double max = Double.NaN;
        int gaps;
        int doorOpenings;
        int samples;

        Open(String batch, Thresholds.MethodRule rule, long start, String deliverTo) {
            this.batch = batch;
            this.rule = rule;
            this.start = start;
            this.deliverTo = deliverTo;
            this.lastTs = start;
        }
    }

    public BatchTracker(String site, String device, Thresholds thresholds, Duration sampleInterval) {
        this.site = site;
        this.device = device;
        this.thresholds = thresholds;
        this.maxGapMs = (long) (thresholds.cycleGapIntervals() * sampleInterval.toMillis());
    }

    public Optional<BatchVerdict> onEvent(DeviceEvent e) {
        if (e.type().equals("cycle_start")) {
            Optional<BatchVerdict> previous = Optional.ofNullable(open).map(o -> finish(o, e.ts(), Verdict.ABANDONED));
            open = new Open(String.valueOf(e.attributes().get("batch")),
                    thresholds.method(String.valueOf(e.attributes().get("method"))), e.ts(),
                    e.attributes().get("deliver_to") instanceof String site ? site : null);
            return previous;
        }
        if (e.type().equals("cycle_end") && open != null && open.batch.equals(e.attributes().get("batch"))) {
            Open o = open;
            open = null;
            if (e.ts() - o.lastTs > maxGapMs) {
                o.gaps++;
            }
            Verdict v = o.gaps > 0 ? Verdict.UNVERIFIABLE
                    : o.heldMs >= o.rule.hold().toMillis() ? Verdict.COMPLIANT : Verdict.NON_COMPLIANT;
            return Optional.of(finish(o, e.ts(), v));
        }
        return Optional.empty();
    }

    public Optional<BatchVerdict> onReading(Reading r) {
        Open o = open;
        if (o == null) {
            return Optional.empty();
        }
        if (r.ts() - o.start > thresholds.cycleAbandonS() * 1000) {
            open = null;
            return Optional.of(finish(o, r.ts(), Verdict.ABANDONED));
        }
        Object rawValue = r.values().get(o.rule.field());
        boolean doorOpen = Boolean.TRUE.equals(r.values().get("door_open"));
        long dt = r.ts() - o.lastTs;
        if (dt > maxGapMs) {
            o.gaps++;
        }
        if (doorOpen) {
            o.doorOpenings++;
            if (o.heldMs < o.rule.hold().toMillis()) {
                o.heldMs = 0; // opened during the hold: start again; once the hold is complete the batch is done
            }
        }
        if (rawValue instanceof Double value) {
            boolean above = value >= o.rule.threshold() && !doorOpen;
            if (o.sawSample && o.lastAbove && above && dt <= maxGapMs) {
                o.heldMs += dt;
            }
            o.max = Double.isNaN(o.max) ? value : Math.max(o.max, value);
            o.lastAbove = above;
            o.sawSample = true;
            o.samples++;
        }
        o.lastTs = r.ts();
        return Optional.empty();
    }

    /** True while a batch runs and its last reading was at or above the threshold: the hold is under way. */
    public boolean holding() {
        return open != null && open.lastAbove;
    }

    /** The batch running now, for dashboards: its id, if any. */
    public Optional<String> runningBatch() {
        return Optional.ofNullable(open).map(o -> o.batch);
    }

    private BatchVerdict finish(Open o, long end, Verdict verdict) {
        return new BatchVerdict(site, device, o.batch, o.rule.method(), o.rule.field(), o.rule.threshold(), o.start, end,
                verdict, o.max, o.heldMs / 1000.0, o.rule.hold().toMillis() / 1000.0, o.gaps, o.doorOpenings, o.samples, o.deliverTo);
    }
}
