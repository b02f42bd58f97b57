package io.kitchenwatch.analytics.engine;

import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.analytics.disinfection.BatchVerdict;

/** Where the engine's conclusions go: findings to the alert book, verdicts to the batch ledger. */
public interface AnalyticsSink {
    void finding(Finding finding);

    void verdict(BatchVerdict verdict);
}
