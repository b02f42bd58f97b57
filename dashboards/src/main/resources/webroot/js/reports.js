// Reports: build one for a scope and period (with its progress while it builds), and download those already made.
import { h, replace, $, fmtTime } from './dom.js';
import { requireSession, get, post, download } from './api.js';
import { topBar, liveOff, showError } from './layout.js';
import { t } from './i18n.js';

const session = await requireSession();
topBar(session, 'Reports');
liveOff();

const STATES = { queued: 'queued', building: 'building', done: 'ready', failed: 'failed' };

async function fillScopes() {
  const sites = await get('/sites');
  const options = [];
  if (session.role === 'regulator') {
    const towns = new Map();
    sites.forEach(s => s.region && towns.set(s.region.id, s.region.name));
    options.push(h('option', { value: 'region:' + session.scope }, t('My region ({id})', { id: session.scope })));
    [...towns].filter(([id]) => id !== session.scope).sort((a, b) => a[1].localeCompare(b[1], 'zh'))
      .forEach(([id, name]) => options.push(h('option', { value: 'region:' + id }, name)));
  } else if (session.role === 'admin') {
    options.push(h('option', { value: '' }, t('All sites')));
  } else {
    options.push(h('option', { value: 'organization:' + session.scope }, t('My organization ({id})', { id: session.scope })));
  }
  sites.slice().sort((a, b) => a.name.localeCompare(b.name, 'zh'))
    .forEach(s => options.push(h('option', { value: 'site:' + s.id }, s.name)));
  replace($('#scope'), options);
}

function request() {
  const body = {};
  const scope = $('#scope').value;
  if (scope) {
    const [kind, id] = scope.split(':');
    body.scope = kind;
    body.id = id;
  }
  const period = $('#period').value;
  // the reports' calendar is Shanghai's (UTC+8, no daylight saving), whatever the browser's zone
  const today = new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
  if (period === 'this-week' || period === 'this-month') {
    body.period = period.slice(5);
    body.date = today;
  } else if (period === 'range') {
    body.period = 'range';
    body.from = new Date($('#from').value + 'T00:00:00+08:00').toISOString();
    body.to = new Date(new Date($('#to').value + 'T00:00:00+08:00').getTime() + 86400000).toISOString();
  } else {
    body.period = period;
  }
  return body;
}

async function build(e) {
  e.preventDefault();
  $('#build').disabled = true;
  try {
    let r = await post('/reports', request());
    while (r.state === 'queued' || r.state === 'building') {
      showProgress(r);
      await new Promise(resolve => setTimeout(resolve, 700));
      r = await get('/reports/' + encodeURIComponent(r.id));
    }
    showProgress(r);
    loadList();
  } catch (err) {
    showError($('#building'), err);
  } finally {
    $('#build').disabled = false;
  }
}

function showProgress(r) {
  const pct = Math.round(r.progress * 100);
  replace($('#building'), h('div.report-progress', { dataset: { report: r.id, state: r.state } },
    h('strong', {}, r.scope.name + ' · ' + r.period.label),
    r.state === 'done' ? downloads(r)
      : r.state === 'failed' ? h('span.error', {}, r.error)
        : [h('progress', { max: 100, value: pct, 'aria-label': t('progress') }), h('span', {}, t(STATES[r.state]) + ' ' + pct + ' %')]));
}

function downloads(r) {
  const stem = 'kitchenwatch-' + r.scope.id + '-' + r.period.label.replace(/[^0-9-]+/g, '_');
  const link = (label, file, name) => h('button.link', {
    dataset: { file }, onclick: () => download('/reports/' + encodeURIComponent(r.id) + '/' + file, name).catch(err => alert(err.message)),
  }, label);
  return h('span.downloads', {}, link('PDF', 'report.pdf', stem + '.pdf'), link('CSV', 'report.csv.zip', stem + '.csv.zip'),
    link(t('Printable page'), 'report.html', stem + '.html'));
}

async function loadList() {
  try {
    const body = await get('/reports');
    replace($('#reports'), body.reports.length ? body.reports.map(r => h('tr', { dataset: { report: r.id } },
      h('td', {}, r.scope.name, r.scheduled ? h('span.muted', {}, ' · ' + t('daily')) : null),
      h('td', {}, r.period.label),
      h('td', {}, fmtTime(r.created), h('span.muted', {}, ' · ' + r.created_by)),
      h('td', {}, t(STATES[r.state]) + (r.state === 'building' ? ' ' + Math.round(r.progress * 100) + ' %' : '')),
      h('td', {}, r.state === 'done' ? downloads(r) : r.error || ''))) : h('tr', {}, h('td', { colspan: 5, class: 'muted' }, t('No reports yet.'))));
  } catch (err) {
    showError($('#reports'), err);
  }
}

$('#period').addEventListener('change', () => { $('#range').hidden = $('#period').value !== 'range'; });
$('#new-report').addEventListener('submit', build);
await fillScopes().catch(err => showError($('#building'), err));
loadList();
