// A time-series chart on uPlot (from its WebJar, loaded as the global uPlot): history from the series API, live
// points appended as they arrive.
import { h, fieldLabel } from './dom.js';

export function timeChart(container, { field, spanMs, thresholds = [] }) {
  const xs = [];
  const ys = [];
  const holder = h('div.chart', { dataset: { field } });
  container.append(holder);
  const plot = new uPlot({
    width: Math.max(240, holder.clientWidth || 320),
    height: 150,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true } },
    axes: [{ stroke: '#667', grid: { stroke: '#eef' } }, { stroke: '#667', grid: { stroke: '#eef' }, size: 46 }],
    series: [{}, { label: fieldLabel(field), stroke: '#2467b3', width: 1.5, fill: 'rgba(36,103,179,0.08)' }],
    hooks: {
      // the plan's limits as dashed lines, so a reader sees at once which side of them the values are
      draw: [u => {
        const ctx = u.ctx;
        for (const t of thresholds) {
          const y = u.valToPos(t.value, 'y', true);
          if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) continue;
          ctx.save();
          ctx.strokeStyle = t.color;
          ctx.setLineDash([5, 4]);
          ctx.beginPath();
          ctx.moveTo(u.bbox.left, y);
          ctx.lineTo(u.bbox.left + u.bbox.width, y);
          ctx.stroke();
          ctx.restore();
        }
      }],
    },
  }, [xs, ys], holder);
  const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(240, holder.clientWidth), height: 150 }));
  resize.observe(holder);

  const redraw = () => plot.setData([xs, ys]);
  return {
    destroy() {
      resize.disconnect();
      plot.destroy();
    },
    setHistory(points) {
      xs.length = 0;
      ys.length = 0;
      for (const p of points) {
        xs.push(p.t / 1000);
        ys.push(p.value);
      }
      redraw();
    },
    push(ts, value) {
      if (typeof value !== 'number') return;
      if (xs.length && ts / 1000 < xs[xs.length - 1]) return;
      xs.push(ts / 1000);
      ys.push(value);
      const oldest = (Date.now() - spanMs) / 1000;
      while (xs.length && xs[0] < oldest) {
        xs.shift();
        ys.shift();
      }
      redraw();
    },
  };
}
