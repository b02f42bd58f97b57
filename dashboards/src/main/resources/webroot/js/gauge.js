// The separator's grease gauge: a half dial from 0 to max %, green below the warning, amber to the alarm, red above.
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

function point(fraction, r) {
  const angle = Math.PI * (1 - Math.min(1, Math.max(0, fraction)));
  return [100 + r * Math.cos(angle), 100 - r * Math.sin(angle)];
}

function arc(from, to, r) {
  const [x1, y1] = point(from, r);
  const [x2, y2] = point(to, r);
  return `M ${x1} ${y1} A ${r} ${r} 0 0 1 ${x2} ${y2}`;
}

export function greaseGauge(value, { warn, alarm, max = Math.max(50, 2 * alarm) }) {
  const root = svg('svg', { viewBox: '0 0 200 120', class: 'gauge', role: 'img', 'aria-label': 'grease layer ' + value + ' %' });
  root.append(
    svg('path', { d: arc(0, warn / max, 80), class: 'g-ok' }),
    svg('path', { d: arc(warn / max, alarm / max, 80), class: 'g-warn' }),
    svg('path', { d: arc(alarm / max, 1, 80), class: 'g-alarm' }));
  if (typeof value === 'number') {
    const [x, y] = point(value / max, 70);
    root.append(svg('line', { x1: 100, y1: 100, x2: x, y2: y, class: 'g-needle' }), svg('circle', { cx: 100, cy: 100, r: 5, class: 'g-hub' }));
  }
  const label = svg('text', { x: 100, y: 118, 'text-anchor': 'middle', class: 'g-value' });
  label.textContent = typeof value === 'number' ? value.toFixed(1) + ' %' : 'no reading';
  root.append(label);
  return root;
}
