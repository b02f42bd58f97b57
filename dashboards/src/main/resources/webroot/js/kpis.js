// The county plan's KPI tiles: each value against its target (domain-rules.md).
import { h, fmtPct } from './dom.js';
import { t, lang } from './i18n.js';

/** The plan's KPI names come as "中文 English": the page's language first, the plan's own Chinese term kept in sight. */
function kpiName(name) {
  const m = /^([^A-Za-z]+?)\s+([A-Za-z].*)$/.exec(name);
  if (!m) return h('div.kpi-name', {}, name);
  return lang === 'zh' ? h('div.kpi-name', { title: m[2] }, m[1])
    : h('div.kpi-name', { title: m[1] }, m[2], h('div.kpi-term', {}, m[1]));
}

/** What the ratio counts; camera time comes in thousandths of a camera over the period. */
function basis(k) {
  if (k.id === 'video_intact_rate') {
    return t('{healthy} of {cameras} cameras in good order', { healthy: (k.numerator / 1000).toFixed(1), cameras: k.denominator / 1000 });
  }
  return k.numerator + ' / ' + k.denominator;
}

export function kpiTile(k) {
  const status = k.meets_target === true ? 'meets' : k.meets_target === false ? 'misses' : 'none';
  const target = k.target === null ? t('target: rising') : t('target ≥ {value}', { value: fmtPct(k.target) });
  return h('div.kpi.kpi-' + status, { dataset: { kpi: k.id } },
    kpiName(k.name),
    h('div.kpi-value', {}, k.value === null ? t('no data') : fmtPct(k.value)),
    h('div.kpi-target', {}, target, k.meets_target === true ? ' ✓' : k.meets_target === false ? ' ✗' : ''),
    h('div.kpi-basis.muted', {}, k.no_data ? t(k.no_data) : basis(k),
      k.median_hours_to_close !== undefined && k.median_hours_to_close !== null
        ? ' · ' + t('median {hours} h to close', { hours: k.median_hours_to_close.toFixed(1) }) : ''));
}
