// A site's live status colour and its card on the overview and the company screen.
import { h, siteKindLabel } from './dom.js';
import { SEVERITIES } from './alerts.js';
import { t } from './i18n.js';

export function siteStatus(site) {
  const sev = site.open_alerts_by_severity || {};
  if (site.devices > 0 && site.devices_online === 0) return 'down';
  if (sev.critical || sev.major) return 'alarm';
  if (sev.minor || sev.info || site.devices_online < site.devices) return 'warn';
  return 'ok';
}

export function siteCard(s) {
  const status = siteStatus(s);
  const sev = s.open_alerts_by_severity || {};
  return h('a.site-card.st-' + status, { href: '/ui/site.html?id=' + encodeURIComponent(s.id), id: 'site-' + s.id, dataset: { site: s.id, status } },
    h('div.site-name', {}, s.name),
    h('div.muted.small', {}, siteKindLabel(s.kind), s.region ? ' · ' + s.region.name : ''),
    h('div.site-facts', {},
      h('span', { title: t('devices online') }, t('{online}/{all} online', { online: s.devices_online, all: s.devices })),
      s.open_alerts ? SEVERITIES.filter(x => sev[x]).map(x => h('span.badge.sev-' + x, { title: t(x) }, t('{n} {severity}', { n: sev[x], severity: t(x) })))
        : h('span.muted', {}, t('no open alerts'))));
}
