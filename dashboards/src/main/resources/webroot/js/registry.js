// The admin's registry page: add or change a kitchen with its devices, import or export the registry, retire a
// device or site, and the list of every change with who made it. Nothing here needs a restart.
import { h, replace, $, fmtTime } from './dom.js';
import { requireSession, get, post, download, ApiError } from './api.js';
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

/** The answer of a change set, applied or not: its problems one per line, or what the registry now holds. */
function outcome(body, dryRun) {
  if (body.problems && body.problems.length) {
    return h('div.error.problems', {}, h('strong', {}, t('{n} problems, nothing applied:', { n: body.problems.length })),
      h('ul', {}, body.problems.map(p => h('li', {}, p))));
  }
  const r = body.registry;
  return h('p.ok-note', {}, t(dryRun ? 'No problems. It would give {sites} sites and {devices} devices.' : 'Saved. The registry now has {sites} sites and {devices} devices.',
    { sites: r.sites, devices: r.devices }));
}

async function submit(changes, dryRun, where) {
  try {
    replace(where, outcome(await post('/registry/changes', { changes, dry_run: dryRun }), dryRun));
    if (!dryRun) {
      await loadChoices();
      await loadAudit();
    }
  } catch (err) {
    if (err instanceof ApiError && err.body && err.body.problems) replace(where, outcome(err.body, dryRun));
    else showError(where, err);
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

async function bulk(dryRun) {
  const file = $('#bulk-file').files[0];
  if (!file) return replace($('#bulk-result'), h('p.error', {}, t('Choose a file first.')));
  let json;
  try {
    json = JSON.parse(await file.text());
  } catch (err) {
    return replace($('#bulk-result'), h('p.error', {}, t('The file is not JSON: {error}', { error: err.message })));
  }
  await submit(changesOf(json), dryRun, $('#bulk-result'));
}

$('#add-device').addEventListener('click', () => $('#device-rows').append(deviceRow()));
$('#check-site').addEventListener('click', () => submit([{ op: 'put', type: 'site', value: siteValue() }], true, $('#site-result')));
$('#site-form').addEventListener('submit', e => {
  e.preventDefault();
  submit([{ op: 'put', type: 'site', value: siteValue() }], false, $('#site-result'));
});
$('#bulk-check').addEventListener('click', () => bulk(true));
$('#bulk-apply').addEventListener('click', () => bulk(false));
$('#export').addEventListener('click', () => download('/registry', 'kitchenwatch-registry.json').catch(err => showError($('#bulk-result'), err)));
$('#retire-form').addEventListener('submit', e => {
  e.preventDefault();
  submit([{ op: 'retire', type: $('#retire-type').value, id: $('#retire-id').value.trim() }], false, $('#retire-result'));
});
$('#device-rows').append(deviceRow({ kind: 'camera', zone: 'cooking' }), deviceRow({ kind: 'disinfection_cabinet' }), deviceRow({ kind: 'waste_bin', interval_s: 60 }));
loadChoices().catch(err => showError($('#site-result'), err));
loadAudit();
