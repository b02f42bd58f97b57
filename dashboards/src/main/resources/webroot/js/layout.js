// The bar at the top of every page: where you are, who you are, whether live updates flow, which language.
import { h, replace, $ } from './dom.js';
import { logout } from './api.js';
import { t, lang, switchLanguage, translatePage } from './i18n.js';

const ROLE_NAMES = { regulator: 'Regulator', admin: 'Administrator', company: 'Disinfection company', canteen: 'Canteen' };

export function topBar(session, title) {
  translatePage();
  const links = [h('a', { href: '/ui/overview.html' }, t(session.role === 'canteen' ? 'My kitchens' : 'Overview'))];
  if (session.role === 'company' || session.role === 'admin') links.push(h('a', { href: '/ui/company.html' }, t('Plants')));
  links.push(h('a', { href: '/ui/certificates.html' }, t('Certificates')));
  links.push(h('a', { href: '/ui/reports.html' }, t('Reports')));
  if (session.role === 'admin') links.push(h('a', { href: '/ui/registry.html' }, t('Registry')));
  // a list page is its own nav entry: mark it rather than repeat its name
  const current = links.find(a => a.textContent === t(title));
  if (current) current.classList.add('current');
  const bar = replace($('#top'),
    h('a.brand', { href: '/ui/' }, 'KitchenWatch', h('span.brand-sub', {}, '明厨亮灶')),
    h('nav', {}, links),
    h('span.title', { id: 'page-title' }, current ? '' : t(title)),
    h('span.live', { id: 'live-status', title: t('Live updates') }, t('connecting')),
    h('span.who', { id: 'who' }, session.username + ' · ' + t(ROLE_NAMES[session.role] || session.role)
      + (session.scope ? ' · ' + session.scope : '')),
    h('button.link', { id: 'language', onclick: switchLanguage, title: lang === 'zh' ? 'English' : '中文' }, lang === 'zh' ? 'EN' : '中文'),
    h('button.link', { id: 'logout', onclick: logout }, t('Log out')));
  document.title = t(title) + ' · KitchenWatch';
  return bar;
}

export function setTitle(title) {
  replace($('#page-title'), title);
  document.title = title + ' · KitchenWatch';
}

export function liveStatus(connected) {
  const el = $('#live-status');
  el.textContent = t(connected ? 'live' : 'reconnecting');
  el.classList.toggle('on', connected);
}

/** A page with nothing to show streams nothing either. */
export function liveOff() {
  const el = $('#live-status');
  el.textContent = t('not live');
  el.classList.remove('on');
}

export function showError(target, err) {
  replace(target, h('div.error', { role: 'alert' }, err.status === 404
    ? t('Not found, or not within your scope.') : t('Could not load: {error}', { error: err.message })));
}
