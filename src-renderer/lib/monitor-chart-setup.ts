// The Chart.js parts the monitor's charts need beyond the live trends': a log
// scale, the legend and zoom / pan. No decimation plugin: the charts hand
// Chart.js lines already thinned to the range on screen (min-max-window.ts),
// which Chart.js' own decimation would only walk again on every update.
import { Chart, Legend, LogarithmicScale } from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import { setupCharts } from './chart-setup.js';

let done = false;
export function setupMonitorCharts(): void {
  if (done) return;
  done = true;
  setupCharts();
  Chart.register(LogarithmicScale, Legend, zoomPlugin);
}
