// The county plan's KPI tiles: each value against its target (domain-rules.md).
import { h, fmtPct } from './dom.js';

export function kpiTile(k) {
  const status = k.meets_target === true ? 'meets' : k.meets_target === false ? 'misses' : 'none';
  const target = k.target === null ? 'target: rising' : 'target ≥ ' + fmtPct(k.target);
  return h('div.kpi.kpi-' + status, { dataset: { kpi: k.id } },
    h('div.kpi-name', {}, k.name),
    h('div.kpi-value', {}, k.value === null ? 'no data' : fmtPct(k.value)),
    h('div.kpi-target', {}, target, k.meets_target === true ? ' ✓' : k.meets_target === false ? ' ✗' : ''),
    h('div.kpi-basis.muted', {}, k.numerator + ' / ' + k.denominator,
      k.median_hours_to_close !== undefined && k.median_hours_to_close !== null
        ? ' · median ' + k.median_hours_to_close.toFixed(1) + ' h to close' : ''));
}
