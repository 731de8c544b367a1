import type { RequestHandler } from 'express';
import type { AppContext } from '../../app-context';
import { HttpError } from '../../http/http-error';
import { chartDataCsv } from './chart-data-csv';
import { experimentChartData } from './experiment-chart-data';
import { renderChartSvg } from './render-chart-svg';
import { resultsCharts } from './results-charts';

const chartFilePattern = /^([a-z0-9_-]{1,80})\.(svg|csv)$/;

/**
 * GET /admin/experiments/:experimentKey/charts/:chartFile — one chart of the
 * results page as a standalone SVG (the wide size, with its text alternative)
 * or the data behind it as CSV, e.g. `…/charts/forest-amount.svg`,
 * `…/charts/distribution.csv`. An unknown experiment or chart is a 404; a
 * chart with nothing to draw yet is a 404 that says so (its CSV is a header or empty).
 */
export function chartDownload(context: AppContext): RequestHandler {
  return async (request, response) => {
    const experiment = context.experiments.get(String(request.params.experimentKey));
    if (!experiment) throw new HttpError(404, `no experiment "${String(request.params.experimentKey)}"`);
    const match = chartFilePattern.exec(String(request.params.chartFile));
    if (!match) throw new HttpError(404, 'no such chart: ask for NAME.svg or NAME.csv, e.g. distribution.svg');
    const [, name, format] = match as unknown as [string, string, 'svg' | 'csv'];
    const charts = resultsCharts(await experimentChartData(context.store, experiment), experiment.definition);
    const chart = charts.find((candidate) => candidate.name === name);
    if (!chart) throw new HttpError(404, `no chart "${name}"; this experiment has ${charts.map((candidate) => candidate.name).join(', ')}`);
    const filename = `${experiment.definition.key}-${chart.name}.${format}`;
    response.set('Content-Disposition', `attachment; filename="${filename}"`);
    if (format === 'csv') {
      response.type('text/csv; charset=utf-8').send(chartDataCsv(chart.csvRows));
      return;
    }
    if (!chart.spec) throw new HttpError(404, chart.emptyText ?? 'nothing to draw yet');
    const svg = await renderChartSvg(chart.spec, { size: 'wide', description: chart.description });
    response.type('image/svg+xml').send(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`);
  };
}
