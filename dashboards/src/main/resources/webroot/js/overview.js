// The regulator's wall screen: every site in scope with a live status colour, the plan's KPIs, the open alerts.
import { h, replace, $, debounce, fmtTime } from './dom.js';
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
// a regulator's KPIs are those of the region they watch; other roles get their own sites'
const kpiRegion = session.role === 'regulator' ? session.scope : undefined;

async function loadSites() {
  try {
    const sites = await get('/sites');
    sites.forEach(s => siteNames.set(s.id, s.name));
    // one grid for the whole region, town by town, so a wall screen shows every site without scrolling
    const byTown = (a, b) => (a.region ? a.region.name : '').localeCompare(b.region ? b.region.name : '', 'zh') || a.id.localeCompare(b.id);
    replace($('#sites'), sites.length === 0 ? h('p.muted', {}, t('No sites in your scope.'))
      : h('div.site-grid', {}, [...sites].sort(byTown).map(siteCard)));
    renderAlerts();
  } catch (err) {
    showError($('#sites'), err);
  }
}

async function loadAlerts() {
  try {
    const alerts = await get('/alerts' + qs({ state: 'open,acknowledged,rectifying,verified' }));
    openAlerts.clear();
    alerts.forEach(a => openAlerts.set(a.id, a));
    renderAlerts();
  } catch (err) {
    showError($('#alerts'), err);
  }
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

const refreshSites = debounce(loadSites, 1000);
const refreshKpis = debounce(loadKpis, 10000);
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
  state: refreshSites,
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
