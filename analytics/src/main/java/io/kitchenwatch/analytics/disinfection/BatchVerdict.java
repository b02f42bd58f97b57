package io.kitchenwatch.analytics.disinfection;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished batch with its evidence.
 *
 * @param end          event time of {@code cycle_end}, or when the batch was given up as abandoned
 * @param maxValue     highest temperature (or concentration) seen; NaN when no reading came
 * @param heldS        seconds at or above the threshold since the last door opening
 * @param requiredS    the hold the method asks for
 * @param gaps         stretches with readings missing for more than the allowed sample intervals
 * @param doorOpenings door openings during the cycle (each resets the hold)
 * @param deliverTo    the site the batch's tableware goes to, when its {@code cycle_start} named one; else null
 */
public record BatchVerdict(String site, String device, String batch, String method, String field, double threshold,
                           long start, long end, Verdict verdict, double maxValue, double heldS, double requiredS,
                           int gaps, int doorOpenings, int samples, String deliverTo) {
    public boolean compliant() {
        return verdict == Verdict.COMPLIANT;
    }

    /** The evidence an alert carries, keyed as in the API. */
    public Map<String, Object> evidence() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("batch", batch);
        e.put("method", method);
        e.put("verdict", verdict.wireName());
        e.put("start", start);
        e.put("end", end);
        e.put("field", field);
        e.put("threshold", threshold);
        if (!Double.isNaN(maxValue)) {
            e.put("max_value", maxValue);
        }
        e.put("held_s", heldS);
        e.put("required_s", requiredS);
        e.put("gaps", gaps);
        e.put("door_openings", doorOpenings);
        e.put("samples", samples);
        if (deliverTo != null) {
            e.put("deliver_to", deliverTo);
        }
        return e;
    }
}
