import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { PlotData } from './plotData.js';

let assets: { js: string; css: string } | undefined;

/** uPlot's minified script and stylesheet, read once from the `uplot` package (inlined: the page works offline). */
function uplotAssets(): { js: string; css: string } {
  if (!assets) {
    const require = createRequire(import.meta.url);
    const js = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
    const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
    if (/<\/script/i.test(js) || /<\/style/i.test(css))
      throw new Error('uplot assets cannot be inlined (they contain a closing tag)');
    assets = { js, css };
  }
  return assets;
}

/** JSON safe inside a `<script>` element (`<`, `>`, `&` and line separators escaped). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Draws one uPlot chart per metric kind, series aligned on the union of their steps (gaps spanned).
const RENDER = `
(function () {
  var data = JSON.parse(document.getElementById('tsmlx-plot-data').textContent);
  var colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  var kinds = [];
  data.series.forEach(function (s) { if (kinds.indexOf(s.kind) < 0) kinds.push(s.kind); });
  var root = document.getElementById('charts');
  var status = document.getElementById('status');
  status.textContent = (data.running ? 'training… ' : 'finished; ') + 'updated ' + new Date(data.updatedAt).toLocaleString();
  kinds.forEach(function (kind) {
    var series = data.series.filter(function (s) { return s.kind === kind; });
    var stepSet = {};
    series.forEach(function (s) { s.steps.forEach(function (x) { stepSet[x] = true; }); });
    var xs = Object.keys(stepSet).map(Number).sort(function (a, b) { return a - b; });
    var index = {};
    xs.forEach(function (x, i) { index[x] = i; });
    var columns = [xs];
    series.forEach(function (s) {
      var col = xs.map(function () { return null; });
      s.steps.forEach(function (x, i) { col[index[x]] = s.values[i]; });
      columns.push(col);
    });
    var box = document.createElement('section');
    var h = document.createElement('h2');
    h.textContent = kind;
    box.appendChild(h);
    root.appendChild(box);
    var pct = kind === 'accuracy';
    var opts = {
      width: Math.min(960, window.innerWidth - 40), height: 320,
      scales: { x: { time: false } },
      axes: [{ label: 'global step' }, { label: kind, size: 70, values: function (u, v) { return v.map(function (y) { return pct ? (y * 100).toFixed(1) + '%' : y.toPrecision(3); }); } }],
      series: [{ label: 'step' }].concat(series.map(function (s, i) {
        return { label: s.label, stroke: colors[i % colors.length], width: s.source === 'train' ? 1.5 : 2.5,
          spanGaps: true, points: { show: s.source !== 'train' },
          value: function (u, v) { return v == null ? '-' : pct ? (v * 100).toFixed(2) + '%' : v.toPrecision(4); } };
      })),
    };
    new uPlot(opts, columns, box);
  });
  if (kinds.length === 0) root.textContent = 'No points yet.';
})();
`;

/**
 * A self-contained HTML page drawing the training curves of `data` with uPlot (its script and styles inlined; no
 * network access needed). While training runs the page reloads itself every `refreshSeconds`. The data is
 * embedded as JSON in `<script id="tsmlx-plot-data" type="application/json">`.
 */
export function plotHtml(data: PlotData, refreshSeconds = 10): string {
  const { js, css } = uplotAssets();
  const refresh = data.running ? `<meta http-equiv="refresh" content="${refreshSeconds}">\n` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
${refresh}<title>${escapeHtml(data.title)}</title>
<style>${css}
body { font-family: system-ui, sans-serif; margin: 20px; color: #222; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 4px; text-transform: capitalize; }
#status { color: #666; font-size: 13px; }
</style>
</head>
<body>
<h1>${escapeHtml(data.title)}</h1>
<div id="status"></div>
<div id="charts"></div>
<script id="tsmlx-plot-data" type="application/json">${scriptJson(data)}</script>
<script>${js}</script>
<script>${RENDER}</script>
</body>
</html>
`;
}

/** Reads the {@link PlotData} embedded in a page made by {@link plotHtml}. */
export function parsePlotHtml(html: string): PlotData {
  const m = /<script id="tsmlx-plot-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('parsePlotHtml: no tsmlx-plot-data script in the page');
  return JSON.parse(m[1]!) as PlotData;
}
