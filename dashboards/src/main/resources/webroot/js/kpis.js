// The county plan's KPI tiles: each value against its target (domain-rules.md).
import { h, fmtPct } from './dom.js';
import { t } from './i18n.js';

export function kpiTile(k) {
  const status = k.meets_target === true ? 'meets' : k.meets_target === false ? 'misses' : 'none';
  const target = k.target === null ? t('target: rising') : t('target ≥ {value}', { value: fmtPct(k.target) });
  return h('div.kpi.kpi-' + status, { dataset: { kpi: k.id } },
    h('div.kpi-name', {}, k.name),
    h('div.kpi-value', {}, k.value === null ? t('no data') : fmtPct(k.value)),
    h('div.kpi-target', {}, target, k.meets_target === true ? ' ✓' : k.meets_target === false ? ' ✗' : ''),
    h('div.kpi-basis.muted', {}, k.numerator + ' / ' + k.denominator,
      k.median_hours_to_close !== undefined && k.median_hours_to_close !== null
        ? ' · ' + t('median {hours} h to close', { hours: k.median_hours_to_close.toFixed(1) }) : ''));
}
