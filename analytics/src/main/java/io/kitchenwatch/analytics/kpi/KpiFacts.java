package io.kitchenwatch.analytics.kpi;

import java.util.Set;
import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.analytics.disinfection.Verdict;

import java.util.List;
import java.util.Map;

/**
 * What the KPIs of a region and period are computed from, gathered by the caller.
 *
 * @param from                  period start (epoch ms)
 * @param to                    period end (exclusive)
 * @param verdicts              how many batches of the region's sites that ended in the period got each verdict
 * @param alerts                all alerts of the region's sites
 * @param restaurants           the region's restaurants
 * @param reportingSeparators   restaurant id → whether one of its oil separators reported in the period
 * @param binSites              sites with waste bins
 * @param reportingBinSites     those of them whose bins sent a weight or an event in the period
 * @param schoolCanteens        the region's school canteens
 * @param cameras               every registered camera of the region's sites with its healthy share of the period
 */
public record KpiFacts(long from, long to, Map<Verdict, Long> verdicts, List<Alert> alerts, List<String> restaurants,
                       Map<String, Boolean> reportingSeparators, Set<String> binSites, Set<String> reportingBinSites,
                       List<String> schoolCanteens, List<CameraUptime> cameras) {
}
