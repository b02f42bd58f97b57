// Small DOM helpers. Text always goes in as text nodes, never as HTML, so device and site data cannot inject markup.
import { t, lang, hasText } from './i18n.js';

export function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'class') el.className = (el.className + ' ' + v).trim();
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);

export function fmtTime(ms) {
  if (!ms) return '—';
  const d = new Date(ms);
  const today = new Date();
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return d.toDateString() === today.toDateString() ? time
    : d.toLocaleDateString([], { month: '2-digit', day: '2-digit' }) + ' ' + time;
}

export function fmtAge(ms, now = Date.now()) {
  if (!ms) return '—';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return t('{s} s', { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('{m} min', { m });
  const hrs = Math.floor(m / 60);
  if (hrs < 48) return t('{h} h {m} min', { h: hrs, m: m % 60 });
  return t('{d} d {h} h', { d: Math.floor(hrs / 24), h: hrs % 24 });
}

export function fmtPct(fraction) {
  return fraction === null || fraction === undefined || Number.isNaN(fraction) ? '—' : (fraction * 100).toFixed(1) + ' %';
}

const FIELDS = {
  temp_c: ['Temperature', '°C', 1], chlorine_mg_l: ['Chlorine', 'mg/L', 0], running: ['Running'], door_open: ['Door open'],
  grease_pct: ['Grease layer', '%', 1], water_level_pct: ['Water level', '%', 0], inflow_l_min: ['Inflow', 'L/min', 1],
  oil_out_mg_l: ['Effluent oil', 'mg/L', 0], heater_on: ['Heater'], pump_on: ['Pump'], weight_kg: ['Weight', 'kg', 1],
  lid_open: ['Lid open'], fps: ['Frame rate', 'fps', 1], bitrate_kbps: ['Bitrate', 'kbit/s', 0],
};

export function fieldLabel(field) {
  return t((FIELDS[field] || [field.replace(/_/g, ' ')])[0]);
}

export function fmtValue(field, v) {
  if (typeof v === 'boolean') return t(v ? 'yes' : 'no');
  if (typeof v !== 'number') return String(v);
  const [, unit, digits] = FIELDS[field] || [field, '', 2];
  return v.toFixed(digits ?? 2) + (unit ? ' ' + unit : '');
}

const KINDS = {
  camera: 'Camera', disinfection_cabinet: 'Disinfection cabinet', oil_separator: 'Oil-water separator', waste_bin: 'Food-waste bin',
};
export const kindLabel = kind => t(KINDS[kind] || kind || 'unknown kind');

const SITE_KINDS = { school_canteen: 'School canteen', restaurant: 'Restaurant', disinfection_plant: 'Disinfection plant' };
export const siteKindLabel = kind => t(SITE_KINDS[kind] || (kind || '').replace(/_/g, ' '));

export const zoneLabel = zone => zone ? t(zone.replace(/_/g, ' ')) : '';

export function alertTypeLabel(type) {
  if (lang === 'zh' && hasText(type)) return t(type);
  const s = (type || '').replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Calls fn at most once per delay, at the end of a burst. */
/**
 * Runs {@code fn} once, {@code delay} after the first call of a burst, however many calls follow: live events that
 * never pause (a province's devices turning online and offline) still refresh the page every {@code delay}.
 */
export function coalesce(fn, delay) {
  let timer = null;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, delay);
  };
}

/** Runs {@code fn} once calls have paused for {@code delay} (typing in a search box). */
export function debounce(fn, delay) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, delay);
  };
}
