/**
 * `@tsmlx/ui`: what a person watching training sees. A terminal progress bar for a training `Loop` (step,
 * epoch, steps/s, ETA, loss and metrics; plain log lines instead of control codes when the output is not a
 * terminal) and training plots: a self-contained HTML file (uPlot inlined, works offline) with the train and
 * eval curves, rewritten atomically during training. The only tsmlx package with UI dependencies.
 *
 * @packageDocumentation
 */

export { formatDuration, formatMetrics, formatRate } from './format.js';
export { parsePlotHtml, plotHtml, scriptJson } from './html.js';
export { type PlotData, PlotPoints, type PlotSeries } from './plotData.js';
export { attachPlots, type PlotOptions, TrainingPlots, writeFileAtomic } from './plots.js';
export {
  attachProgressBar,
  formatProgressLine,
  type ProgressInfo,
  type ProgressOptions,
  progressInfo,
  type TextStream,
} from './progress.js';
