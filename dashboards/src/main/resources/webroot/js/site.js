// One site: its alerts with the closed-loop buttons, camera pictures, live sensors with history, batches, grease
// and the waste ledger. Everything updates from the live stream without a reload.
import { h, replace, $, fmtTime, fmtAge, fmtValue, fieldLabel, kindLabel, zoneLabel, siteKindLabel, alertTypeLabel, coalesce } from './dom.js';
import { requireSession, get, qs, imageUrl } from './api.js';
import { topBar, setTitle, liveStatus, liveOff, showError } from './layout.js';
import { connectLive } from './live.js';
import { alertCard, byUrgency, stateBadge, tickAges } from './alerts.js';
import { timeChart } from './chart.js';
import { greaseGauge } from './gauge.js';
import { siteStatus } from './sites.js';
import { methodCell, verdictCell, peakCell, heldCell } from './batches.js';
import { t } from './i18n.js';

const session = await requireSession();
topBar(session, 'Site');
const siteId = new URLSearchParams(location.search).get('id') || '';
const devices = new Map();
const tiles = new Map();
const charts = new Map();
const cameraRefresh = new Map();
const WARN = '#e6a700';
const ALARM = '#c0392b';
// the fields charted per kind, with the limits drawn on them: the site's own thresholds from the API
// (the rules' defaults with its region's and its own overrides), never numbers of this page
function charted(kind, th) {
  switch (kind) {
    case 'disinfection_cabinet':
      return [['temp_c', [{ value: th.hot_air_min_c, color: ALARM }]], ['chlorine_mg_l', [{ value: th.chlorine_min_mg_l, color: ALARM }]]];
    case 'oil_separator':
      return [['grease_pct', [{ value: th.grease_warning_pct, color: WARN }, { value: th.grease_alarm_pct, color: ALARM }]],
        ['oil_out_mg_l', [{ value: th.effluent_oil_max_mg_l, color: ALARM }]]];
    case 'waste_bin':
      return [['weight_kg', []]];
    default:
      return null;
  }
}
const CAMERA_MIN_REFRESH_MS = 2000;
let site = null;

async function loadSite() {
  try {
    site = await get('/sites/' + encodeURIComponent(siteId));
  } catch (err) {
    showError($('#site-head'), err);
    liveOff();
    document.querySelectorAll('main section:not(#site-head)').forEach(s => { s.hidden = true; });
    return;
  }
  setTitle(site.name);
  renderHead();
  site.device_list.forEach(d => devices.set(d.id, d));
  const cams = site.device_list.filter(d => d.kind === 'camera');
  const sensors = site.device_list.filter(d => d.kind !== 'camera');
  $('#cameras-panel').hidden = cams.length === 0;
  $('#sensors-panel').hidden = sensors.length === 0;
  replace($('#cameras'), cams.map(cameraTile));
  cams.forEach(c => refreshCamera(c.id, true));
  replace($('#sensors'), sensors.map(sensorTile));
  loadHistory();
  $('#batches-panel').hidden = !sensors.some(d => d.kind === 'disinfection_cabinet');
  $('#ledger-panel').hidden = !sensors.some(d => d.kind === 'waste_bin');
  loadBatches();
  loadLedger();
  loadAlerts();
  startLive();
  // devices also go offline by silence, which no event announces
  setInterval(refreshHead, 30000);
  setInterval(loadBatches, 60000);
}

function renderHead() {
  const status = siteStatus(site);
  replace($('#site-head'),
    h('h1', {}, h('span.dot.st-' + status, { id: 'site-status', dataset: { status }, title: status }), ' ', site.name),
    h('p', {}, siteKindLabel(site.kind), ' · ', site.organization ? site.organization.name : '—', ' · ',
      site.region ? site.region.name : '—', ' · ', t('working hours {hours}', { hours: site.working_hours.join(', ') || '—' }), ' (', site.timezone, ')'),
    h('p.muted', {}, h('span', { id: 'devices-online' }, t('{online} of {all} devices online', { online: site.devices_online, all: site.devices })),
      ' · ', t('{n} open alerts', { n: site.open_alerts })));
}

const refreshHead = coalesce(async () => {
  try {
    const fresh = await get('/sites/' + encodeURIComponent(siteId));
    Object.assign(site, fresh);
    renderHead();
    fresh.device_list.forEach(d => { devices.set(d.id, d); updateTile(d); });
  } catch (err) { /* the next refresh tries again */ }
}, 1000);

function deviceHeading(d) {
  return h('div.device-head', {},
    h('span.dot.' + (d.online ? 'st-ok' : 'st-down'), { dataset: { online: String(d.online) }, title: t(d.online ? 'online' : 'offline') }),
    ' ', h('strong', {}, zoneLabel(d.zone) || kindLabel(d.kind)), ' ', h('span.mono.muted', {}, d.id));
}

function cameraTile(d) {
  const img = h('img', { alt: t('newest snapshot from {device}', { device: d.id }) });
  const tile = h('figure.camera', { id: 'cam-' + d.id, dataset: { device: d.id } },
    deviceHeading(d), h('div.frame', {}, img, h('span.no-frame.muted', {}, t('no snapshot yet'))),
    h('figcaption.muted', {}, h('span.frame-time', {}, '—')));
  tiles.set(d.id, tile);
  return tile;
}

/** Fetches the newest frame at most every CAMERA_MIN_REFRESH_MS per camera, however fast frames come. */
async function refreshCamera(id, force) {
  const last = cameraRefresh.get(id) || 0;
  if (!force && Date.now() - last < CAMERA_MIN_REFRESH_MS) return;
  cameraRefresh.set(id, Date.now());
  const url = await imageUrl('/devices/' + encodeURIComponent(id) + '/snapshot.jpg');
  const tile = tiles.get(id);
  if (!url || !tile) return;
  const img = tile.querySelector('img');
  if (img.src.startsWith('blob:')) URL.revokeObjectURL(img.src);
  img.src = url;
  tile.classList.add('has-frame');
  replace(tile.querySelector('.frame-time'), t('last frame {time}', { time: fmtTime(Date.now()) }));
}

function sensorTile(d) {
  const tile = h('article.sensor', { id: 'dev-' + d.id, dataset: { device: d.id, kind: d.kind } },
    deviceHeading(d), d.zone ? h('div.muted', {}, kindLabel(d.kind)) : null,
    d.kind === 'oil_separator' ? h('div.gauge-holder', {}) : null,
    h('dl.values', {}), h('div.charts', {}),
    h('div.muted.small', {}, h('span.age', { dataset: { since: d.last_seen || '', template: 'last seen {age} ago' } },
      t('last seen {age} ago', { age: fmtAge(d.last_seen) }))));
  tiles.set(d.id, tile);
  updateTile(d);
  return tile;
}

function updateTile(d) {
  const tile = tiles.get(d.id);
  if (!tile || d.kind === 'camera') {
    if (tile) replace(tile.querySelector('.device-head'), ...deviceHeading(d).childNodes);
    return;
  }
  replace(tile.querySelector('.device-head'), ...deviceHeading(d).childNodes);
  const values = Object.entries(d.latest || {});
  replace(tile.querySelector('dl.values'), values.length ? values.map(([k, v]) =>
    [h('dt', {}, fieldLabel(k)), h('dd', { dataset: { field: k } }, fmtValue(k, v))]) : h('dd.muted', {}, t('no reading yet')));
  const gauge = tile.querySelector('.gauge-holder');
  if (gauge) {
    const th = site.thresholds;
    replace(gauge, greaseGauge(d.latest ? d.latest.grease_pct : undefined, { warn: th.grease_warning_pct, alarm: th.grease_alarm_pct }),
      h('div.muted.small', {}, t('grease layer; warning {warn} %, alarm {alarm} % (this site\'s rules)',
        { warn: th.grease_warning_pct, alarm: th.grease_alarm_pct })));
  }
  const age = tile.querySelector('.age');
  if (d.last_seen) age.dataset.since = d.last_seen;
}

async function loadHistory() {
  const span = +$('#chart-range').value;
  const to = Date.now();
  for (const d of devices.values()) {
    const tile = tiles.get(d.id);
    const fields = charted(d.kind, site.thresholds);
    if (!tile || !fields) continue;
    const holder = replace(tile.querySelector('.charts'));
    for (const [field, thresholds] of fields) {
      const old = charts.get(d.id + '/' + field);
      if (old) old.destroy();
      if (!(field in (d.latest || {}))) continue;
      holder.append(h('div.chart-label.muted.small', {}, t('{field} — {range}', { field: fieldLabel(field), range: $('#chart-range').selectedOptions[0].text })));
      const chart = timeChart(holder, { field, spanMs: span, thresholds });
      charts.set(d.id + '/' + field, chart);
      get('/devices/' + encodeURIComponent(d.id) + '/series' + qs({ field, from: to - span, to }))
        .then(points => chart.setHistory(points), () => {});
    }
  }
}

function onTelemetry(m) {
  const d = devices.get(m.device);
  if (!d) return;
  d.latest = Object.assign({}, d.latest, m.values);
  d.last_seen = Date.now();
  d.online = true;
  updateTile(d);
  for (const [field, v] of Object.entries(m.values || {})) {
    const chart = charts.get(m.device + '/' + field);
    if (chart) chart.push(m.ts, v);
  }
}

async function loadBatches() {
  if ($('#batches-panel').hidden) return;
  try {
    const batches = await get('/sites/' + encodeURIComponent(siteId) + '/batches');
    const passed = batches.filter(b => b.verdict === 'compliant').length;
    replace($('#batch-summary'), batches.length ? t('{passed} of {all} compliant', { passed, all: batches.length }) : '');
    replace($('#batches'), batches.length ? batches.slice(0, 200).map(b => h('tr', { dataset: { verdict: b.verdict } },
      h('td.mono', {}, b.batch), h('td.mono', {}, b.device), methodCell(b),
      h('td', {}, fmtTime(b.start)), h('td', {}, fmtTime(b.end)), verdictCell(b), peakCell(b), heldCell(b),
      h('td', {}, String(b.gaps)), h('td', {}, String(b.door_openings))))
      : h('tr', {}, h('td', { colspan: 10, class: 'muted' }, t('No batches in the last 7 days.'))));
  } catch (err) {
    showError($('#batches'), err);
  }
}

async function loadLedger() {
  if ($('#ledger-panel').hidden) return;
  try {
    const rows = await get('/sites/' + encodeURIComponent(siteId) + '/waste-ledger');
    replace($('#ledger'), rows.length ? rows.slice(0, 200).map(r => h('tr', {},
      h('td', {}, fmtTime(r.ts)), h('td.mono', {}, r.device),
      h('td', {}, r.weight_kg === undefined ? '—' : fmtValue('weight_kg', r.weight_kg)), h('td', {}, r.by || '—')))
      : h('tr', {}, h('td', { colspan: 4, class: 'muted' }, t('No collections in the last 7 days.'))));
  } catch (err) {
    showError($('#ledger'), err);
  }
}

const siteAlerts = new Map();

async function loadAlerts() {
  try {
    const weekAgo = Date.now() - 7 * 86400000;
    const alerts = await get('/alerts' + qs({ site: siteId, from: weekAgo }));
    siteAlerts.clear();
    alerts.forEach(a => siteAlerts.set(a.id, a));
    renderAlerts();
    if (location.hash.startsWith('#alert-')) {
      const target = document.getElementById(location.hash.slice(1));
      if (target) {
        target.classList.add('flash');
        target.scrollIntoView({ block: 'center' });
      }
    }
  } catch (err) {
    showError($('#site-alerts'), err);
  }
}

function renderAlerts() {
  const all = [...siteAlerts.values()];
  const unclosed = all.filter(a => a.state !== 'closed').sort(byUrgency);
  const closed = all.filter(a => a.state === 'closed').sort((a, b) => b.updated - a.updated);
  replace($('#site-alert-count'), String(unclosed.length));
  replace($('#site-alerts'), unclosed.length ? unclosed.map(a => alertCard(a, session, changed => {
    siteAlerts.set(changed.id, changed);
    renderAlerts();
  })) : h('p.muted', {}, t('No open alerts at this site.')));
  replace($('#closed-list'), closed.length ? closed.map(a => h('li', {}, fmtTime(a.updated), ' ', alertTypeLabel(a.type), ' ',
    h('span.mono.muted', {}, a.device), ' ', stateBadge(a.state), ' ',
    (a.history || []).length ? h('span.muted', {}, '“' + (a.history[a.history.length - 1].note || '') + '”') : ''))
    : h('li.muted', {}, t('none')));
}

/** Leaves a note being typed alone: redraws once no note field has the focus. */
function renderAlertsWhenIdle() {
  const typing = document.activeElement && document.activeElement.classList.contains('note') && document.activeElement.value;
  if (typing) setTimeout(renderAlertsWhenIdle, 3000);
  else renderAlerts();
}

const refreshBatches = coalesce(loadBatches, 2000);
const refreshLedger = coalesce(loadLedger, 2000);
$('#chart-range').addEventListener('change', loadHistory);
/** Live updates for this site only, once the API has said the site exists and is in scope. */
const startLive = () => connectLive({
  status: liveStatus,
  telemetry: m => m.site === siteId && onTelemetry(m),
  frame: m => m.site === siteId && refreshCamera(m.device, false),
  event: m => {
    if (m.site !== siteId) return;
    if (m.type === 'cycle_end' || m.type === 'cycle_start') refreshBatches();
    if (m.type === 'collected') refreshLedger();
  },
  state: m => m.site === siteId && refreshHead(),
  alert: a => {
    if (a.site !== siteId) return;
    siteAlerts.set(a.id, a);
    renderAlertsWhenIdle();
    refreshHead();
    if (a.type === 'disinfection_cycle_noncompliant') refreshBatches();
  },
}, siteId);
loadSite();
tickAges();
