package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.analytics.alerts.AlertChange;
import io.kitchenwatch.analytics.disinfection.BatchVerdict;

/** Told of what analytics decided, in the order it was decided, once it is stored (on the writer's thread): keep it quick. */
@FunctionalInterface
public interface AnalyticsListener {
    /** Every change of an alert, significant (stored and published on MQTT) or not (a refreshed value). */
    void alertChanged(AlertChange change);

    /** A batch's verdict, once stored (not again when recovery finds it already judged). */
    default void batchJudged(BatchVerdict verdict) {
    }
}
