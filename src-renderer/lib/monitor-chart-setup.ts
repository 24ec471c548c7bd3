// The Chart.js parts the monitor's charts need beyond the live trends': a log
// scale, the legend, decimation (long runs draw a few thousand points, not a
// million) and zoom / pan.
import { Chart, Decimation, Legend, LogarithmicScale } from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import { setupCharts } from './chart-setup.js';

let done = false;
export function setupMonitorCharts(): void {
  if (done) return;
  done = true;
  setupCharts();
  Chart.register(LogarithmicScale, Legend, Decimation, zoomPlugin);
}
