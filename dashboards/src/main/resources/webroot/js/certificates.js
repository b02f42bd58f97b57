// The certificates of compliant disinfection batches the login may see: a plant's own, or those delivered to a canteen.
import { h, replace, $, fmtTime } from './dom.js';
import { requireSession, get } from './api.js';
import { topBar, liveOff, showError } from './layout.js';
import { methodCell } from './batches.js';
import { t } from './i18n.js';

const session = await requireSession();
topBar(session, 'Certificates');
liveOff();

try {
  const [body, sites] = await Promise.all([get('/certificates'), get('/sites')]);
  const names = new Map(sites.map(s => [s.id, s.name]));
  replace($('#certificates'), body.certificates.length ? body.certificates.map(c => h('tr', { dataset: { certificate: c.id } },
    h('td', {}, h('a', { href: '/ui/certificate.html?id=' + encodeURIComponent(c.id) }, c.id)),
    h('td', {}, names.get(c.site) || c.site), h('td', {}, c.device), h('td', {}, c.batch), methodCell(c),
    h('td', {}, fmtTime(c.end)), h('td', {}, c.deliver_to ? names.get(c.deliver_to) || c.deliver_to : '—')))
    : h('tr', {}, h('td', { colspan: 7, class: 'muted' }, t('No certificates in the last 7 days.'))));
} catch (err) {
  showError($('#certificates'), err);
}
