package io.kitchenwatch.analytics.camera;

import io.kitchenwatch.analytics.Confirmation;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.Finding;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health of one camera from its snapshots. It first learns its own baseline (a dim storeroom is dim, not
 * black); then each condition must hold for {@value #CONFIRM} frames in a row to raise, and be absent for as many
 * to clear, so one bad frame never alerts.
 */
public final class CameraHealth {
    static final int BASELINE_FRAMES = 8;
    static final int CONFIRM = 3;
    static final double BLACK_LUMA = 15;
    static final double OVEREXPOSED_LUMA = 240;
    static final double FLAT_STD = 10;
    static final double BLUR_FACTOR = 0.2;
    static final double COVERED_STD_FACTOR = 0.25;
    static final double MOVED_SIMILARITY = 0.5;

    private final String site;
    private final String device;
    private final List<FrameMetrics> learning = new ArrayList<>();
    private final Map<AlertType, Confirmation> conditions = new EnumMap<>(AlertType.class);
    private Baseline baseline;
    private long lastHash = Long.MIN_VALUE;

    private record Baseline(double meanLuma, double stdLuma, double sharpness, float[] view) {
    }

    public CameraHealth(String site, String device) {
        this.site = site;
        this.device = device;
        for (AlertType t : List.of(AlertType.CAMERA_BLACK, AlertType.CAMERA_OVEREXPOSED, AlertType.CAMERA_BLURRED,
                AlertType.CAMERA_FROZEN, AlertType.CAMERA_OCCLUDED, AlertType.CAMERA_MOVED)) {
            conditions.put(t, new Confirmation(CONFIRM, CONFIRM));
        }
    }

    public boolean learning() {
        return baseline == null;
    }

    /** No condition raised (a camera still learning its baseline counts as healthy: it sends a picture). */
    public boolean healthy() {
        return conditions.values().stream().noneMatch(Confirmation::raised);
    }

    public List<Finding> onFrame(long ts, FrameMetrics m) {
        return onFrame(ts, m, false);
    }

    /**
     * @param localMotion something moves in part of the picture (a person, an intruder): the view differs because of
     *                    what is in it, so it does not count as the camera having moved
     */
    public List<Finding> onFrame(long ts, FrameMetrics m, boolean localMotion) {
        boolean frozen = m.pixelHash() == lastHash;
        lastHash = m.pixelHash();
        if (baseline == null) {
            if (!frozen && !blank(m)) {
                learning.add(m);
            }
            if (learning.size() >= BASELINE_FRAMES) {
                baseline = learn(learning);
                learning.clear();
            }
            return List.of();
        }
        double blackBelow = Math.min(BLACK_LUMA, baseline.meanLuma() * 0.5);
        boolean black = m.meanLuma() < blackBelow && m.stdLuma() < FLAT_STD;
        boolean over = m.meanLuma() > OVEREXPOSED_LUMA && m.stdLuma() < FLAT_STD;
        boolean covered = !black && !over && m.stdLuma() < Math.max(1.5, Math.min(8, baseline.stdLuma() * COVERED_STD_FACTOR));
        boolean blank = black || over || covered;
        boolean blurred = !blank && m.sharpness() < baseline.sharpness() * BLUR_FACTOR;
        double similarity = m.similarity(baseline.view());
        boolean moved = !blank && !blurred && !localMotion && similarity < MOVED_SIMILARITY;

        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("mean_luma", round(m.meanLuma()));
        evidence.put("std_luma", round(m.stdLuma()));
        evidence.put("sharpness", round(m.sharpness()));
        evidence.put("similarity", round(similarity));
        evidence.put("baseline_mean_luma", round(baseline.meanLuma()));
        evidence.put("baseline_sharpness", round(baseline.sharpness()));
        evidence.put("frame_ts", ts);
        List<Finding> out = new ArrayList<>(0);
        update(out, AlertType.CAMERA_BLACK, black, ts, 255 - m.meanLuma(), evidence);
        update(out, AlertType.CAMERA_OVEREXPOSED, over, ts, m.meanLuma(), evidence);
        update(out, AlertType.CAMERA_OCCLUDED, covered, ts, -m.stdLuma(), evidence);
        update(out, AlertType.CAMERA_BLURRED, blurred, ts, -m.sharpness(), evidence);
        update(out, AlertType.CAMERA_FROZEN, frozen, ts, 1, evidence);
        update(out, AlertType.CAMERA_MOVED, moved, ts, 1 - similarity, evidence);
        return out;
    }

    private void update(List<Finding> out, AlertType type, boolean present, long ts, double value, Map<String, Object> evidence) {
        conditions.get(type).update(present).ifPresent(raised -> out.add(raised
                ? Finding.raise(type, site, device, ts, value, evidence) : Finding.clear(type, site, device, ts)));
    }

    /** Frames that are plainly broken do not teach the baseline. */
    private static boolean blank(FrameMetrics m) {
        return m.stdLuma() < 1.5 || m.meanLuma() > OVEREXPOSED_LUMA && m.stdLuma() < FLAT_STD;
    }

    private static Baseline learn(List<FrameMetrics> frames) {
        double[] mean = frames.stream().mapToDouble(FrameMetrics::meanLuma).sorted().toArray();
        double[] std = frames.stream().mapToDouble(FrameMetrics::stdLuma).sorted().toArray();
        double[] sharp = frames.stream().mapToDouble(FrameMetrics::sharpness).sorted().toArray();
        float[] view = ViewVector.mean(frames.stream().map(FrameMetrics::thumbnail).toList());
        return new Baseline(median(mean), median(std), median(sharp), view);
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    @Override
    public String toString() {
        return "CameraHealth[" + device + (baseline == null ? ", learning " + learning.size() : ", baseline luma "
                + round(baseline.meanLuma()) + " sharpness " + round(baseline.sharpness())) + "]";
    }
}
