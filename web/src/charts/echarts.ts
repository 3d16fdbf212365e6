/**
 * ECharts, only the parts the dashboard draws (bar charts on a grid, tooltip, legend, the
 * aria description) with the SVG renderer. Imported dynamically by components/Chart, so the
 * library is a chunk of its own fetched when a chart is first shown, not part of the
 * initial JavaScript (test/web/bundle-budget.test.ts).
 */
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use as registerParts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

registerParts([BarChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, AriaComponent, SVGRenderer]);

export { init };
