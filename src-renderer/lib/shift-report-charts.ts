// The shift report's two charts, drawn by Chart.js on a canvas of their own
// (fixed size, no animation, so the first frame is the finished chart) and
// saved as PNGs beside the CSV: NG rate per hour of the shift, and NG parts
// per reason (Pareto).
import { BarController, BarElement, CategoryScale, Chart, Title, type ChartConfiguration, type Plugin } from 'chart.js';
import type { ShiftReportFiles } from '../../src-shared/production-contract.js';
import { setupCharts } from './chart-setup.js';
import { canvasPng, downloadBlob } from './download.js';

const WIDTH = 900;
const HEIGHT = 420;

type Report = ShiftReportFiles['report'];

/** A PNG is read outside the app's dark screen: paint it on white, not on transparency. */
const whiteBackground: Plugin<'bar'> = {
  id: 'loupe-white-background',
  beforeDraw: (chart) => {
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

export function ngRateChart(report: Report): ChartConfiguration<'bar'> {
  const hours = report.hours;
  return {
    type: 'bar',
    data: {
      labels: hours.map((h) => new Date(h.startMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })),
      datasets: [{ label: 'NG parts %', data: hours.map((h) => h.ngRatePercent ?? 0), backgroundColor: '#f85149' }],
    },
    options: chartOptions(`NG rate per hour, shift ${report.shift.name} ${report.shift.key}`, 'NG parts %'),
  };
}

export function paretoChart(report: Report): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: report.ngPareto.map((p) => p.reason),
      datasets: [{ label: 'NG parts', data: report.ngPareto.map((p) => p.parts), backgroundColor: '#d29922' }],
    },
    options: chartOptions(`NG parts by reason, shift ${report.shift.name} ${report.shift.key}`, 'NG parts'),
  };
}

function chartOptions(title: string, yTitle: string): ChartConfiguration<'bar'>['options'] {
  return {
    responsive: false,
    animation: false,
    color: '#222',
    plugins: { title: { display: true, text: title, color: '#222' }, legend: { display: false } },
    scales: {
      x: { ticks: { color: '#222' }, grid: { color: '#ddd' } },
      y: { beginAtZero: true, title: { display: true, text: yTitle, color: '#222' }, ticks: { color: '#222' }, grid: { color: '#ddd' } },
    },
  };
}

/** Draws one chart off screen and returns its PNG. */
async function renderPng(config: ChartConfiguration<'bar'>): Promise<Blob | null> {
  setupCharts();
  Chart.register(BarController, BarElement, CategoryScale, Title);
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  // Attached (but invisible) so the browser lays it out and Chart.js reads its size.
  canvas.style.cssText = `position:fixed;left:-10000px;top:0;width:${WIDTH}px;height:${HEIGHT}px`;
  document.body.append(canvas);
  const chart = new Chart(canvas, { ...config, plugins: [whiteBackground] });
  try {
    return await canvasPng(canvas);
  } finally {
    chart.destroy();
    canvas.remove();
  }
}

/** Downloads the CSV and both chart PNGs; returns the file names it offered (a chart the browser could not encode is left out and named in `failed`). */
export async function downloadShiftReport(files: ShiftReportFiles): Promise<{ saved: string[]; failed: string[] }> {
  const base = files.csvFile.replace(/\.csv$/, '');
  const saved: string[] = [];
  const failed: string[] = [];
  downloadBlob(new Blob([files.csv], { type: 'text/csv' }), files.csvFile);
  saved.push(files.csvFile);
  for (const [name, config] of [
    [`${base}.ng-rate.png`, ngRateChart(files.report)],
    [`${base}.ng-pareto.png`, paretoChart(files.report)],
  ] as const) {
    const png = await renderPng(config);
    if (png) {
      downloadBlob(png, name);
      saved.push(name);
    } else failed.push(name);
  }
  return { saved, failed };
}
