// A disinfection company's plants: live status, pass rate, batches per day and the batches that failed.
import { h, replace, $, fmtTime, fmtPct, coalesce } from './dom.js';
import { requireSession, get, qs } from './api.js';
import { topBar, liveStatus, showError } from './layout.js';
import { connectLive } from './live.js';
import { siteCard } from './sites.js';
import { FAILING, methodCell, verdictCell, peakCell, heldCell } from './batches.js';
import { t } from './i18n.js';

const session = await requireSession();
topBar(session, 'Plants');
const DAYS = 7;
const DAY_MS = 86400000;

async function load() {
  try {
    const sites = await get('/sites');
    const plants = sites.filter(s => s.kind === 'disinfection_plant');
    const from = startOfDay(Date.now()) - (DAYS - 1) * DAY_MS;
    const batches = await Promise.all(plants.map(p => get('/sites/' + encodeURIComponent(p.id) + '/batches' + qs({ from }))));
    const byPlant = new Map(plants.map((p, i) => [p.id, batches[i]]));
    replace($('#plants'), plants.length ? plants.map(p => plantCard(p, byPlant.get(p.id)))
      : h('p.muted', {}, t('No disinfection plants in your scope.')));
    renderPerDay(batches.flat(), from);
    renderFailing(plants, byPlant);
  } catch (err) {
    showError($('#plants'), err);
  }
}

function startOfDay(ms) {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

function plantCard(p, batches) {
  const passed = batches.filter(b => b.verdict === 'compliant').length;
  const rate = batches.length ? passed / batches.length : null;
  const card = siteCard(p);
  card.append(h('div.plant-facts', { dataset: { plant: p.id } },
    h('span.pass-rate' + (rate === null ? '' : rate >= 1 ? '.good' : '.bad'), {}, t('pass rate {rate}', { rate: fmtPct(rate) })),
    h('span.muted', {}, ' · ', t('{passed} of {all} batches compliant', { passed, all: batches.length }))));
  return card;
}

/** A stacked bar per day: compliant below, failing on top, scaled to the busiest day. */
function renderPerDay(all, from) {
  const days = [];
  for (let i = 0; i < DAYS; i++) {
    const start = from + i * DAY_MS;
    const day = all.filter(b => b.end >= start && b.end < start + DAY_MS);
    days.push({ start, ok: day.filter(b => b.verdict === 'compliant').length, bad: day.filter(b => FAILING.has(b.verdict)).length });
  }
  const most = Math.max(1, ...days.map(d => d.ok + d.bad));
  replace($('#per-day'), h('div.day-bars', {}, days.map(d => h('div.day', { dataset: { day: new Date(d.start).toISOString().slice(0, 10), ok: d.ok, failing: d.bad } },
    h('div.day-total', {}, String(d.ok + d.bad), d.bad ? h('span.badge.sev-critical', {}, t('{n} failing', { n: d.bad })) : null),
    h('div.day-bar', {},
      h('div.bar-bad', { style: 'height:' + (100 * d.bad / most) + '%' }),
      h('div.bar-ok', { style: 'height:' + (100 * d.ok / most) + '%' })),
    h('div.muted.small', {}, new Date(d.start).toLocaleDateString([], { weekday: 'short', month: '2-digit', day: '2-digit' }))))));
}

function renderFailing(plants, byPlant) {
  const names = new Map(plants.map(p => [p.id, p.name]));
  const failing = [...byPlant.entries()].flatMap(([id, list]) => list.filter(b => FAILING.has(b.verdict)).map(b => ({ ...b, plant: id })))
    .sort((a, b) => b.end - a.end);
  replace($('#failing-count'), String(failing.length));
  replace($('#failing'), failing.length ? failing.map(b => h('tr', { dataset: { verdict: b.verdict } },
    h('td', {}, h('a', { href: '/ui/site.html?id=' + encodeURIComponent(b.plant) }, names.get(b.plant))),
    h('td.mono', {}, b.batch), h('td.mono', {}, b.device), methodCell(b),
    h('td', {}, fmtTime(b.end)), verdictCell(b), peakCell(b), heldCell(b), h('td', {}, String(b.gaps))))
    : h('tr', {}, h('td', { colspan: 9, class: 'muted' }, t('No failing batches in the last 7 days.'))));
}

const refresh = coalesce(load, 3000);
connectLive({
  status: liveStatus,
  event: m => (m.type === 'cycle_end') && refresh(),
  alert: refresh,
  state: refresh,
});
load();
setInterval(load, 60000);
