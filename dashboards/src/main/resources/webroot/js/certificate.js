// One batch certificate: its evidence, whether it still verifies, its QR code (which opens the public /verify page)
// and its PDF.
import { h, replace, $, fmtTime } from './dom.js';
import { requireSession, get, imageUrl, download } from './api.js';
import { topBar, liveOff, showError } from './layout.js';
import { t } from './i18n.js';

const session = await requireSession();
topBar(session, 'Certificate');
liveOff();
const id = new URLSearchParams(location.search).get('id') || '';

try {
  const c = await get('/certificates/' + encodeURIComponent(id));
  const e = c.evidence;
  const v = c.verification;
  const qr = await imageUrl('/certificates/' + encodeURIComponent(id) + '/qr.png');
  const row = (label, value) => h('tr', {}, h('th', {}, t(label)), h('td', {}, value));
  replace($('#certificate'), h('div.cert', {},
    h('div', {},
      h('p', { id: 'verification', class: 'verified ' + (v.verified ? 'ok' : 'bad') },
        v.verified ? '✔ ' + t('verified') : '✘ ' + t('not verified')),
      v.problems.length ? h('ul', {}, v.problems.map(p => h('li', {}, p))) : null,
      h('table', {},
        row('Certificate', c.id), row('Plant', e.plant.name), row('Cabinet', e.cabinet), row('Batch', e.batch),
        row('Method', e.method), row('Start', fmtTime(e.start)), row('End', fmtTime(e.end)),
        row('Held / required', Math.round(e.held_s) + ' s / ' + Math.round(e.required_s) + ' s'),
        row('Peak / limit', e.max_value + ' / ' + e.threshold),
        row('Delivered to', e.deliver_to ? e.deliver_to.name : '—'),
        row('Frames', String(e.frames.length))),
      h('p', {}, h('button', { id: 'pdf', onclick: () => download(c.files.pdf.replace('/api/v1', ''), c.id + '.pdf').catch(err => alert(err.message)) }, t('Download PDF')))),
    h('figure.qr', {}, qr ? h('img', { id: 'qr', src: qr, alt: t('QR code of the verification page') }) : null,
      h('figcaption', {}, h('a', { href: c.verify_url, id: 'verify-link' }, t('Public verification page'))))));
} catch (err) {
  showError($('#certificate'), err);
}
