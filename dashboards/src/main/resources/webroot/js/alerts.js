// Alerts: their badges, the overview's table rows and the site view's cards with the closed-loop buttons.
import { h, replace, fmtTime, fmtAge, alertTypeLabel } from './dom.js';
import { post, imageUrl } from './api.js';
import { t } from './i18n.js';

export const SEVERITIES = ['critical', 'major', 'minor', 'info'];
export const STATES = ['open', 'acknowledged', 'rectifying', 'verified', 'closed'];
const NEXT = {
  open: { action: 'ack', label: 'Acknowledge' },
  acknowledged: { action: 'rectify', label: 'Start rectification' },
  rectifying: { action: 'verify', label: 'Verify rectification', regulator: true },
  verified: { action: 'close', label: 'Close', regulator: true },
};

export const severityBadge = sev => h('span.badge.sev-' + sev, { dataset: { severity: sev } }, t(sev));
export const stateBadge = state => h('span.badge.state-' + state, { dataset: { state } }, t(state));

/** Most severe first; within a severity, the one waiting longest first. */
export function byUrgency(a, b) {
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.opened - b.opened;
}

const EVIDENCE_HIDDEN = new Set(['snapshot', 'site', 'samples']);

function evidenceSummary(evidence) {
  return Object.entries(evidence || {}).filter(([k]) => !EVIDENCE_HIDDEN.has(k))
    .map(([k, v]) => k.replace(/_/g, ' ') + ' ' + evidenceValue(v)).join(' · ');
}

// epoch milliseconds (start, end, last collection ...) read as times, other numbers as numbers
function evidenceValue(v) {
  if (typeof v !== 'number') return String(v);
  return v > 1e12 ? fmtTime(v) : String(+v.toFixed(2));
}

export function alertRow(alert, siteName, now) {
  return h('tr.alert-row', { id: 'row-' + alert.id, dataset: { alert: alert.id, severity: alert.severity, state: alert.state } },
    h('td', {}, severityBadge(alert.severity)),
    h('td', {}, h('a', { href: '/ui/site.html?id=' + encodeURIComponent(alert.site) + '#alert-' + alert.id }, alertTypeLabel(alert.type))),
    h('td', {}, siteName || alert.site),
    h('td.mono', {}, alert.device),
    h('td', { title: t('opened {time}', { time: new Date(alert.opened).toLocaleString() }) }, h('span.age', { dataset: { since: alert.opened } }, fmtAge(alert.opened, now))),
    h('td', {}, stateBadge(alert.state), alert.cleared ? h('span.muted', {}, ' ' + t('cleared')) : null));
}

/** A card with the alert's path through the loop, its history and the one action its state allows next. */
export function alertCard(alert, session, onChanged) {
  const next = NEXT[alert.state];
  const mayAct = next && (!next.regulator || session.role === 'regulator' || session.role === 'admin');
  const note = h('input.note', { type: 'text', maxlength: 2000, placeholder: t('Note (what was found, what was done)'), 'aria-label': 'note' });
  const status = h('span.action-status', { role: 'status' });
  const evidence = h('div.evidence');
  const card = h('article.alert-card.sev-border-' + alert.severity, { id: 'alert-' + alert.id, dataset: { alert: alert.id, state: alert.state } },
    h('header', {},
      severityBadge(alert.severity), ' ',
      h('strong', {}, alertTypeLabel(alert.type)), ' ',
      h('span.mono.muted', {}, alert.device), ' ',
      stateBadge(alert.state),
      alert.cleared ? h('span.badge.cleared', {}, t('condition cleared')) : null),
    h('ol.pipeline', {}, STATES.map(s => h('li', { class: STATES.indexOf(s) <= STATES.indexOf(alert.state) ? 'done' : '' }, t(s)))),
    h('p.muted', {}, t('Opened {time} ({age} ago)', { time: fmtTime(alert.opened), age: fmtAge(alert.opened) }),
      ' · ', t('last seen {time}', { time: fmtTime(alert.last_seen) }),
      alert.count > 1 ? ' · ' + t('{n} triggers', { n: alert.count }) : '', evidenceSummary(alert.evidence) ? ' · ' + evidenceSummary(alert.evidence) : ''),
    h('ul.history', {}, (alert.history || []).map(e => h('li', {},
      h('span.mono', {}, fmtTime(e.at)), ' ', t('{state} by {who}', { state: t(e.state), who: e.by }), e.note ? ' — ' + e.note : ''))),
    alert.evidence && alert.evidence.snapshot ? h('button.link', {
      onclick: async ev => {
        ev.target.disabled = true;
        const url = await imageUrl(alert.evidence.snapshot.replace(/^\/api\/v1/, ''));
        replace(evidence, url ? h('img', { src: url, alt: 'evidence frame' }) : h('span.muted', {}, t('evidence no longer kept')));
      },
    }, t('Show evidence frame')) : null,
    evidence,
    next ? h('div.actions', {},
      mayAct ? [note, h('button.act', {
        dataset: { action: next.action },
        onclick: async ev => {
          ev.target.disabled = true;
          status.textContent = '';
          try {
            onChanged(await post('/alerts/' + encodeURIComponent(alert.id) + '/' + next.action, { note: note.value }));
          } catch (err) {
            status.textContent = err.message;
            ev.target.disabled = false;
          }
        },
      }, t(next.label))] : h('span.muted', {}, t('Waiting for a regulator to ' + next.action + '.')),
      status) : null);
  return card;
}

/** Keeps the "x min" ages in a page ticking without reloading anything. */
export function tickAges(root = document) {
  setInterval(() => {
    const now = Date.now();
    root.querySelectorAll('.age[data-since]').forEach(el => {
      const age = fmtAge(+el.dataset.since, now);
      el.textContent = el.dataset.template ? t(el.dataset.template, { age }) : age;
    });
  }, 5000);
}
