// The admin's registry page: add or change a kitchen with its devices, import or export the registry, retire a
// device or site, and the list of every change with who made it. Nothing here needs a restart.
import { h, replace, $, fmtTime } from './dom.js';
import { requireSession, get, post, postFile, download, ApiError } from './api.js';
import { topBar, showError } from './layout.js';
import { t } from './i18n.js';

const session = await requireSession();
topBar(session, 'Registry');
if (session.role !== 'admin') {
  replace($('main'), h('p.error', {}, t('Only an admin manages the registry.')));
  throw new Error('not an admin');
}

const DEVICE_KINDS = ['camera', 'disinfection_cabinet', 'oil_separator', 'waste_bin'];
const ZONES = ['', 'raw_processing', 'cutting', 'cooking', 'serving', 'special_room', 'dishwashing', 'sample_retention', 'storeroom', 'disinfection_line'];

function deviceRow(d = {}) {
  const kind = h('select.device-kind', {}, DEVICE_KINDS.map(k => h('option', { value: k, selected: d.kind === k }, t(k.replace(/_/g, ' ')))));
  const zone = h('select.device-zone', {}, ZONES.map(z => h('option', { value: z, selected: (d.zone || '') === z }, z ? t(z.replace(/_/g, ' ')) : '—')));
  const row = h('tr', {},
    h('td', {}, h('input.device-id', { value: d.id || '', maxlength: 64, 'aria-label': t('Device id') })),
    h('td', {}, kind), h('td', {}, zone),
    h('td', {}, h('input.device-interval', { type: 'number', min: 1, value: d.interval_s || 10, 'aria-label': t('Report every (s)') })),
    h('td', {}, h('button.link', { type: 'button', onclick: () => row.remove() }, '✕')));
  return row;
}

function siteValue() {
  const devices = [...$('#device-rows').querySelectorAll('tr')].map(row => {
    const d = { id: $('.device-id', row).value.trim(), kind: $('.device-kind', row).value, interval_s: +$('.device-interval', row).value };
    if ($('.device-zone', row).value) d.zone = $('.device-zone', row).value;
    if (d.kind === 'disinfection_cabinet') d.settings = { method: 'hot_air' };
    return d;
  });
  return {
    id: $('#site-id').value.trim(), name: $('#site-name').value.trim(), kind: $('#site-kind').value,
    organization: $('#site-organization').value, region: $('#site-region').value,
    working_hours: $('#site-hours').value.split(',').map(s => s.trim()).filter(s => s),
    devices,
  };
}

const SITE_FIELDS = { id: '#site-id', name: '#site-name', kind: '#site-kind', organization: '#site-organization', region: '#site-region',
  working_hours: '#site-hours', timezone: '#site-hours' };
const DEVICE_FIELDS = { id: '.device-id', kind: '.device-kind', zone: '.device-zone', interval_s: '.device-interval' };

function clearMarks() {
  document.querySelectorAll('.field-error').forEach(e => e.remove());
  document.querySelectorAll('[aria-invalid]').forEach(e => { e.removeAttribute('aria-invalid'); e.classList.remove('invalid'); });
}

/** The problem without the item it names, which its place on the form already says. */
const shortly = message => message.replace(/^(change \d+: )?(device|site|region|organization) '[^']*'( of site '[^']*')?: /, '');

/** Puts each problem of the kitchen on the form beside the field it is about (the full list stays below the form). */
function placeOnForm(errors, siteId) {
  const rows = [...$('#device-rows').querySelectorAll('tr')];
  for (const e of errors || []) {
    let input = null;
    if (e.type === 'site' && e.id === siteId) {
      input = $(SITE_FIELDS[e.field] || '#site-id');
    } else if (e.type === 'device') {
      const row = e.site === siteId && e.position >= 0 ? rows[e.position] : rows.find(r => $('.device-id', r).value.trim() === e.id);
      if (row) input = $(DEVICE_FIELDS[e.field] || '.device-id', row);
    }
    if (!input) continue;
    input.classList.add('invalid');
    input.setAttribute('aria-invalid', 'true');
    input.after(h('span.field-error', { role: 'alert' }, shortly(e.message)));
  }
}

/** The answer of a change set, applied or not: its problems one per line, or what the registry now holds. */
function outcome(body, dryRun) {
  if (body.problems && body.problems.length) {
    const n = body.problems.length;
    return h('div.error.problems', {}, h('strong', {}, t(n === 1 ? 'A problem, nothing applied:' : '{n} problems, nothing applied:', { n })),
      h('ul', {}, body.problems.map(p => h('li', {}, p))));
  }
  const r = body.registry;
  return h('p.ok-note', {}, t(dryRun ? 'No problems. It would give {sites} sites and {devices} devices.' : 'Saved. The registry now has {sites} sites and {devices} devices.',
    { sites: r.sites, devices: r.devices }));
}

/** Sends a change set (or a CSV import) and shows its answer in {@code where}; returns the answer when it passed. */
async function submit(send, dryRun, where, place) {
  clearMarks();
  try {
    const body = await send();
    replace(where, outcome(body, dryRun));
    if (!dryRun) {
      await loadChoices();
      await loadAudit();
    }
    return body;
  } catch (err) {
    if (err instanceof ApiError && err.body && err.body.problems) {
      replace(where, outcome(err.body, dryRun));
      if (place) place(err.body.errors);
    } else showError(where, err);
    return null;
  }
}

const change = (changes, dryRun) => () => post('/registry/changes', { changes, dry_run: dryRun });

async function saveSite(dryRun) {
  replace($('#logins')); // passwords shown for another kitchen do not stay on screen
  const site = siteValue();
  const body = await submit(change([{ op: 'put', type: 'site', value: site }], dryRun), dryRun, $('#site-result'),
    errors => placeOnForm(errors, site.id));
  if (body && !dryRun && site.devices.length) {
    $('#site-result').append(h('p', {}, h('button', { id: 'issue-logins', type: 'button', onclick: () => issueLogins(site.devices.map(d => d.id)) },
      t('Issue MQTT logins for its {n} devices (replaces their earlier passwords)', { n: site.devices.length }))));
  }
}

/** New MQTT logins for devices, shown this once, with a CSV to hand to the installer. */
async function issueLogins(ids) {
  try {
    const body = await post('/registry/credentials', { devices: ids });
    const csv = 'device,username,password,client_id\r\n' + body.credentials.map(c => [c.device, c.username, c.password, c.client_id].join(',')).join('\r\n') + '\r\n';
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    replace($('#logins'), h('div.panel-note', {},
      h('p', {}, h('strong', {}, t('MQTT logins, shown this once:')), ' ', h('a', { id: 'logins-csv', href: url, download: 'mqtt-logins.csv' }, t('download as CSV'))),
      h('table.reports-list', {}, h('thead', {}, h('tr', {}, h('th', {}, t('Device id')), h('th', {}, t('Username')), h('th', {}, t('Password')))),
        h('tbody', {}, body.credentials.map(c => h('tr.login', {}, h('td', {}, c.device), h('td', {}, c.username), h('td', {}, h('code', {}, c.password))))))));
  } catch (err) {
    showError($('#logins'), err);
  }
}

async function loadChoices() {
  const doc = await get('/registry');
  const keep = (sel, items) => {
    const was = $(sel).value;
    replace($(sel), items.map(i => h('option', { value: i.id, selected: i.id === was }, (i.name || i.id) + ' (' + i.id + ')')));
  };
  keep('#site-organization', doc.organizations || []);
  keep('#site-region', doc.regions || []);
  return doc;
}

async function loadAudit() {
  try {
    const body = await get('/registry/audit');
    replace($('#audit'), body.changes.length ? body.changes.map(c => h('tr', {},
      h('td', {}, fmtTime(c.at)), h('td', {}, c.by),
      h('td.small', {}, c.changes.map(x => x.op + ' ' + x.type + ' ' + (x.id || (x.value && x.value.id) || '')).join(', '))))
      : h('tr', {}, h('td', { colspan: 3, class: 'muted' }, t('No changes yet: the registry is as its file says.'))));
  } catch (err) {
    showError($('#audit'), err);
  }
}

/** A registry file becomes puts of everything in it; a {"changes": [...]} file is taken as it is. */
function changesOf(json) {
  if (Array.isArray(json.changes)) return json.changes;
  const puts = [];
  (json.regions || []).forEach(v => puts.push({ op: 'put', type: 'region', value: v }));
  (json.organizations || []).forEach(v => puts.push({ op: 'put', type: 'organization', value: v }));
  (json.sites || []).forEach(v => puts.push({ op: 'put', type: 'site', value: v }));
  return puts;
}

const CSV_TYPES = { 'regions.csv': 'region', 'organizations.csv': 'organization', 'sites.csv': 'site', 'devices.csv': 'device' };

/** A CSV is rows of the type chosen beside it; anything else is read as a registry or changes file. */
async function bulk(dryRun) {
  const file = $('#bulk-file').files[0];
  if (!file) return replace($('#bulk-result'), h('p.error', {}, t('Choose a file first.')));
  if (/\.csv$/i.test(file.name)) {
    // its bytes as they are: the server reads UTF-8, or GBK as a Chinese spreadsheet saves it
    const path = '/registry/import?type=' + $('#bulk-type').value + '&dry_run=' + dryRun;
    return submit(() => postFile(path, file, 'text/csv'), dryRun, $('#bulk-result'));
  }
  let json;
  try {
    json = JSON.parse(await file.text());
  } catch (err) {
    return replace($('#bulk-result'), h('p.error', {}, t('The file is not JSON: {error}', { error: err.message })));
  }
  await submit(change(changesOf(json), dryRun), dryRun, $('#bulk-result'));
}

$('#add-device').addEventListener('click', () => $('#device-rows').append(deviceRow()));
$('#check-site').addEventListener('click', () => saveSite(true));
$('#site-form').addEventListener('submit', e => {
  e.preventDefault();
  saveSite(false);
});
$('#bulk-file').addEventListener('change', () => {
  const file = $('#bulk-file').files[0];
  const type = file && CSV_TYPES[file.name.toLowerCase().replace(/^.*?(regions|organizations|sites|devices)\.csv$/, '$1.csv')];
  if (type) $('#bulk-type').value = type;
});
$('#bulk-check').addEventListener('click', () => bulk(true));
$('#bulk-apply').addEventListener('click', () => bulk(false));
$('#export').addEventListener('click', () => download('/registry', 'kitchenwatch-registry.json').catch(err => showError($('#bulk-result'), err)));
document.querySelectorAll('.export-csv').forEach(b => b.addEventListener('click',
  () => download('/registry/' + b.dataset.file, b.dataset.file).catch(err => showError($('#bulk-result'), err))));
$('#retire-form').addEventListener('submit', e => {
  e.preventDefault();
  submit(change([{ op: 'retire', type: $('#retire-type').value, id: $('#retire-id').value.trim() }], false), false, $('#retire-result'));
});
$('#device-rows').append(deviceRow({ kind: 'camera', zone: 'cooking' }), deviceRow({ kind: 'disinfection_cabinet' }), deviceRow({ kind: 'waste_bin', interval_s: 60 }));
loadChoices().catch(err => showError($('#site-result'), err));
loadAudit();
