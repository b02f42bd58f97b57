package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.disinfection.BatchVerdict;
import io.kitchenwatch.devices.bus.AlertChanged;
import io.kitchenwatch.devices.bus.BatchJudged;

/** Analytics' decisions as the bus carries them (the JSON of protocol.md inside). */
public final class AlertMessages {
    private AlertMessages() {
    }

    public static AlertChanged changed(Alert a, boolean significant) {
        return new AlertChanged(a.id(), a.site(), a.device(), significant, AlertCodec.toJson(a));
    }

    public static BatchJudged judged(BatchVerdict v) {
        return new BatchJudged(v.site(), v.device(), v.verdict().wireName(), AlertCodec.toJson(v));
    }
}
