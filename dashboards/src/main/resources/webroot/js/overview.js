// The regulator's wall screen: every site in scope with a live status colour, the plan's KPIs, the open alerts.
import { h, replace, $, debounce, fmtTime, coalesce } from './dom.js';
import { requireSession, get, qs } from './api.js';
import { topBar, liveStatus, showError } from './layout.js';
import { connectLive } from './live.js';
import { alertRow, byUrgency, SEVERITIES, tickAges } from './alerts.js';
import { kpiTile } from './kpis.js';
import { siteCard } from './sites.js';
import { t } from './i18n.js';

const session = await requireSession();
topBar(session, session.role === 'canteen' ? 'My kitchens' : 'Overview');
const siteNames = new Map();
const openAlerts = new Map();
const shownSeverities = new Set(SEVERITIES);
// the region this screen shows, one level at a time (a province: its counties as tiles; a click drills down)
const shownRegion = new URLSearchParams(location.search).get('region') || undefined;
// the KPIs are those of the region shown (a regulator's own by default); other roles get their own sites'
const kpiRegion = shownRegion || (session.role === 'regulator' ? session.scope : undefined);
const STATUSES = ['down', 'alarm', 'warn', 'ok'];

function regionLink(r) {
  return h('a', { href: '/ui/overview.html' + qs({ region: r.id }) }, r.name || r.id);
}

function breadcrumb(body) {
  const steps = session.role === 'admin' ? [h('a', { href: '/ui/overview.html' }, t('All regions'))] : [];
  body.path.forEach((r, i) => steps.push(i === body.path.length - 1 && body.region && r.id === body.region.id
    ? h('strong', {}, r.name || r.id) : regionLink(r)));
  return h('nav.breadcrumb', { 'aria-label': t('Regions') }, steps.flatMap((x, i) => i ? [' › ', x] : [x]));
}

/** A region below the one shown: its sites by status, devices online and open alerts; a click shows it. */
function groupCard(g) {
  const sev = g.open_alerts_by_severity || {};
  return h('a.site-card.group-card.st-' + (g.worst || 'ok'), { href: '/ui/overview.html' + qs({ region: g.id }), dataset: { region: g.id, status: g.worst || 'ok' } },
    h('div.site-name', {}, g.name || g.id),
    h('div.muted.small', {}, t(g.sites === 1 ? '{n} site' : '{n} sites', { n: g.sites }), ' · ',
      t('{online}/{all} online', { online: g.devices_online, all: g.devices })),
    h('div.site-facts', {}, STATUSES.filter(st => g.sites_by_status[st]).map(st =>
      h('span.status-count', { title: t(st) }, h('i.dot.st-' + st), ' ', String(g.sites_by_status[st]))),
    g.open_alerts ? SEVERITIES.filter(x => sev[x]).map(x => h('span.badge.sev-' + x, { title: t(x) }, t('{n} {severity}', { n: sev[x], severity: t(x) })))
      : h('span.muted', {}, t('no open alerts'))));
}

async function loadSites() {
  if ($('#site-search').value.trim()) return searchSites();
  try {
    const body = await get('/overview' + qs({ region: shownRegion }));
    body.sites.forEach(s => siteNames.set(s.id, s.name));
    replace($('#region-path'), breadcrumb(body));
    const byTown = (a, b) => (a.region ? a.region.name : '').localeCompare(b.region ? b.region.name : '', 'zh') || a.id.localeCompare(b.id);
    const parts = [];
    if (body.groups.length) parts.push(h('div.site-grid.group-grid', {}, body.groups.map(groupCard)));
    if (body.sites.length) parts.push(h('div.site-grid', {}, [...body.sites].sort(byTown).map(siteCard)));
    replace($('#sites'), parts.length ? parts : h('p.muted', {}, t('No sites in your scope.')));
    renderAlerts();
  } catch (err) {
    showError($('#sites'), err);
  }
}

// the search box finds sites in scope by name or id, wherever they lie below the region shown
async function searchSites() {
  const q = $('#site-search').value.trim();
  if (!q) return loadSites();
  try {
    const found = await get('/sites' + qs({ q, region: kpiRegion }));
    found.forEach(s => siteNames.set(s.id, s.name));
    replace($('#sites'), found.length ? h('div.site-grid', {}, found.map(siteCard)) : h('p.muted', {}, t('No site matches.')));
  } catch (err) {
    showError($('#sites'), err);
  }
}

async function loadAlerts() {
  try {
    const alerts = await get('/alerts' + qs({ state: 'open,acknowledged,rectifying,verified', limit: 500 }));
    openAlerts.clear();
    alerts.forEach(a => openAlerts.set(a.id, a));
    renderAlerts();
  } catch (err) {
    showError($('#alerts'), err);
  }
}

// sites inside a group tile are not listed here: the names of those with alerts are asked for, once each
const askedNames = new Set();
async function nameSitesOf(alerts) {
  const unknown = [...new Set(alerts.map(a => a.site))].filter(id => !siteNames.has(id) && !askedNames.has(id)).slice(0, 50);
  if (!unknown.length) return;
  unknown.forEach(id => askedNames.add(id));
  const found = await Promise.all(unknown.map(id => get('/sites/' + encodeURIComponent(id)).catch(() => null)));
  found.filter(s => s).forEach(s => siteNames.set(s.id, s.name));
  renderAlerts();
}

function renderAlerts(flashId) {
  const now = Date.now();
  const list = [...openAlerts.values()].sort(byUrgency);
  const shown = list.filter(a => shownSeverities.has(a.severity));
  replace($('#alert-count'), String(list.length));
  replace($('#severity-filter'), SEVERITIES.map(sev => h('label.chip', {},
    h('input', { type: 'checkbox', checked: shownSeverities.has(sev), onchange: e => {
      e.target.checked ? shownSeverities.add(sev) : shownSeverities.delete(sev);
      renderAlerts();
    } }), ' ', t(sev), ' ', h('span.muted', {}, String(list.filter(a => a.severity === sev).length)))));
  nameSitesOf(shown);
  replace($('#alerts'), shown.length ? shown.map(a => alertRow(a, siteNames.get(a.site), now))
    : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, t('No open alerts.'))));
  if (flashId) {
    const row = document.getElementById('row-' + flashId);
    if (row) row.classList.add('flash');
  }
}

async function loadKpis() {
  const span = +$('#kpi-range').value;
  const to = Date.now();
  try {
    const body = await get('/kpis' + qs({ region: kpiRegion, from: to - span, to }));
    replace($('#kpi-period'), (body.region ? body.region.name + ' · ' : '') + t(body.sites === 1 ? '{n} site' : '{n} sites', { n: body.sites }));
    replace($('#kpis'), body.kpis.map(kpiTile));
  } catch (err) {
    showError($('#kpis'), err);
  }
}

// admins register what turns up here; one row per site however many made-up ids send
async function loadUnregistered() {
  try {
    const body = await get('/unregistered-sources');
    replace($('#unregistered'), body.notices.length ? body.notices.map(n => h('tr', { 'data-site': n.site }, [
      h('td', {}, siteNames.get(n.site) || n.site),
      h('td', {}, String(n.messages)),
      h('td', {}, String(n.ids) + (body.untracked_ids > 0 ? '+' : '')),
      h('td', {}, fmtTime(n.first_seen)),
      h('td', {}, fmtTime(n.last_seen)),
      h('td.muted', {}, n.sample_ids.slice(0, 5).join(', ')),
    ])) : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, t('Nothing unregistered has sent anything.'))));
  } catch (err) {
    showError($('#unregistered'), err);
  }
}

const refreshSites = coalesce(loadSites, 2000);
$('#site-search').addEventListener('input', debounce(searchSites, 300));
const refreshKpis = coalesce(loadKpis, 10000);
$('#kpi-range').addEventListener('change', loadKpis);
connectLive({
  status: liveStatus,
  alert: a => {
    if (a.state === 'closed') openAlerts.delete(a.id);
    else openAlerts.set(a.id, a);
    renderAlerts(a.id);
    refreshSites();
    refreshKpis();
  },
  // devices turning online or offline, not every reading: a province's wall screen stays light
  deviceStatus: refreshSites,
});
loadSites();
loadAlerts();
loadKpis();
tickAges();
// devices also go offline by silence, which no event announces; the KPIs move with time
setInterval(loadSites, 30000);
setInterval(loadKpis, 60000);
if (session.role === 'admin') {
  $('#unregistered-panel').hidden = false;
  loadUnregistered();
  setInterval(loadUnregistered, 30000);
}
