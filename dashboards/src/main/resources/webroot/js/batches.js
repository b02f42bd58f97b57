// A disinfection batch's cells, shared by the site's batch table and the company's failing batches.
import { h, fmtValue } from './dom.js';
import { t } from './i18n.js';

export const FAILING = new Set(['non_compliant', 'unverifiable', 'abandoned']);

export const methodCell = b => h('td', {}, t((b.method || '').replace(/_/g, ' ')));

export const verdictCell = b => h('td', {}, h('span.badge.verdict-' + b.verdict, {}, t(b.verdict.replace(/_/g, '-'))));

export const peakCell = b => h('td', {}, b.max_value === null || b.max_value === undefined ? '—'
  : fmtValue(b.field, b.max_value) + ' / ' + fmtValue(b.field, b.threshold));

export const heldCell = b => h('td', {}, Math.round(b.held_s) + ' / ' + Math.round(b.required_s) + ' s');
