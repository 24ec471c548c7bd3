// Registers only the Chart.js parts the trends use (tree-shaking keeps the
// renderer bundle small) and sets defaults for a live, dark screen.
import { Chart, LineController, LineElement, PointElement, LinearScale, Filler, Tooltip } from 'chart.js';

let done = false;
export function setupCharts(): void {
  if (done) return;
  done = true;
  Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip);
  Chart.defaults.color = '#9aa4b2';
  Chart.defaults.borderColor = 'rgba(148, 163, 184, 0.15)';
  Chart.defaults.font.family = 'system-ui, sans-serif';
  // Streaming data: animating every update would keep the main thread busy for nothing.
  Chart.defaults.animation = false;
}
