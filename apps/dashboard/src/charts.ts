// Chart options built from API data. ECharts draws SVG: sharp on a projector, and its labels are text.
import { BarChart, FunnelChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { AgePyramid, SummaryRow } from './api';
import { fmt, fmtPercent, fmtWhole } from './format';
import { t } from './i18n';

echarts.use([
  BarChart,
  LineChart,
  HeatmapChart,
  FunnelChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  TitleComponent,
  VisualMapComponent,
  MarkLineComponent,
  SVGRenderer,
]);

export type Chart = echarts.ECharts;

const charts = new Map<HTMLElement, Chart>();
export function chartIn(el: HTMLElement): Chart {
  let chart = charts.get(el);
  if (!chart) {
    chart = echarts.init(el, null, { renderer: 'svg', locale: 'EN' });
    charts.set(el, chart);
  }
  return chart;
}
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

const TEXT = { fontSize: 14 };
const COLORS = {
  formation: '#1565c0',
  retirements: '#c62828',
  contractEnds: '#ef6c00',
  attrition: '#8d6e63',
  required: '#2e7d32',
  existing: '#6a1b9a',
};

/** Per plan year: exits and formation as stacked bars, required and existing as lines. */
export function flowOption(years: SummaryRow[]): echarts.EChartsCoreOption {
  const bar = (key: 'formation' | 'retirements' | 'contractEnds' | 'attrition', stack: string) => ({
    name: t(key),
    type: 'bar',
    stack,
    itemStyle: { color: COLORS[key] },
    data: years.map((y) => y[key]),
    label: { show: key === 'formation', position: 'top', formatter: (p: { value: number }) => fmtWhole(p.value), ...TEXT },
  });
  return {
    title: { text: t('flow'), left: 0, textStyle: { fontSize: 16 } },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => fmt(Number(v)) },
    legend: { top: 28, textStyle: TEXT },
    grid: { top: 90, left: 64, right: 64, bottom: 32 },
    xAxis: { type: 'category', data: years.map((y) => String(y.year)), axisLabel: TEXT },
    // bars (people in and out) on the left axis, headcounts (required, existing) on the right one
    yAxis: [
      { type: 'value', name: `${t('formation')} / ${t('exitsTotal')}`, axisLabel: { ...TEXT, formatter: (v: number) => fmtWhole(v) } },
      {
        type: 'value',
        name: `${t('required')} / ${t('existing')}`,
        splitLine: { show: false },
        axisLabel: { ...TEXT, formatter: (v: number) => fmtWhole(v) },
      },
    ],
    series: [
      bar('retirements', 'exits'),
      bar('contractEnds', 'exits'),
      bar('attrition', 'exits'),
      bar('formation', 'formation'),
      {
        name: t('required'),
        type: 'line',
        yAxisIndex: 1,
        data: years.map((y) => y.required),
        itemStyle: { color: COLORS.required },
        lineStyle: { width: 3 },
      },
      {
        name: t('existing'),
        type: 'line',
        yAxisIndex: 1,
        data: years.map((y) => y.existing),
        itemStyle: { color: COLORS.existing },
        lineStyle: { width: 3, type: 'dashed' },
      },
    ],
  };
}

export interface HeatCell {
  x: string;
  y: string;
  pressure: number;
}

/** Pressure of each cell on a red scale; the label is the pressure in percent. */
export function heatmapOption(cells: HeatCell[], xName: string, yName: string): echarts.EChartsCoreOption {
  const xs = [...new Set(cells.map((c) => c.x))].sort();
  const ys = [...new Set(cells.map((c) => c.y))].sort();
  return {
    tooltip: {
      formatter: (p: { data: [number, number, number] }) =>
        `${xName}: ${xs[p.data[0]]}<br>${yName}: ${ys[p.data[1]]}<br>${t('pressure')}: ${fmtPercent(p.data[2])}`,
    },
    grid: { top: 16, left: 150, right: 24, bottom: 110 },
    xAxis: {
      type: 'category',
      data: xs,
      name: xName,
      nameLocation: 'middle',
      nameGap: 90,
      axisLabel: { ...TEXT, rotate: 35, interval: 0 },
      splitArea: { show: true },
    },
    yAxis: { type: 'category', data: ys, name: yName, axisLabel: { ...TEXT, interval: 0 }, splitArea: { show: true } },
    visualMap: {
      min: -1,
      max: 1,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      show: false,
      inRange: { color: ['#1565c0', '#f5f5f5', '#c62828'] },
    },
    series: [
      {
        type: 'heatmap',
        data: cells.map((c) => [xs.indexOf(c.x), ys.indexOf(c.y), c.pressure]),
        label: { show: true, formatter: (p: { data: [number, number, number] }) => fmtPercent(p.data[2]), fontSize: 12 },
        emphasis: { itemStyle: { borderColor: '#000', borderWidth: 2 } },
      },
    ],
  };
}

/** Men to the left, women to the right, PNS and PPPK stacked; the policy's retirement ages marked. */
export function pyramidOption(p: AgePyramid): echarts.EChartsCoreOption {
  const bands = [...new Map(p.bands.map((b) => [b.ageFrom, b.ageTo])).entries()].sort((a, b) => a[0] - b[0]);
  // every band between the youngest and the band of the highest retirement age, so the marks have a row
  const top = Math.max(...bands.map(([from]) => from), ...p.retirementAges.map((r) => r.age - (r.age % 5)));
  const bottom = bands.length ? bands[0]![0] : 20;
  const rows: number[] = [];
  for (let from = bottom; from <= top; from += 5) rows.push(from);
  const label = (from: number): string => `${from}–${from + 4}`;
  const count = (from: number, sex: 'M' | 'F', type: 'PNS' | 'PPPK'): number =>
    p.bands.find((b) => b.ageFrom === from && b.sex === sex && b.employmentType === type)?.count ?? 0;
  const series = (sex: 'M' | 'F', type: 'PNS' | 'PPPK', color: string) => ({
    name: `${t(sex === 'M' ? 'male' : 'female')} ${type}`,
    type: 'bar',
    stack: sex,
    barCategoryGap: '15%',
    itemStyle: { color },
    data: rows.map((from) => (sex === 'M' ? -1 : 1) * count(from, sex, type)),
  });
  const ages = [...new Set(p.retirementAges.map((r) => r.age))].sort((a, b) => a - b);
  const first = series('M', 'PNS', '#1565c0');
  return {
    title: { text: `${t('pyramid')} · ${t('ageOn')} ${p.asOf}`, left: 0, textStyle: { fontSize: 16 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => fmtWhole(Math.abs(Number(v))) },
    legend: { top: 28, textStyle: TEXT },
    grid: { top: 80, left: 64, right: 90, bottom: 32 },
    xAxis: { type: 'value', axisLabel: { ...TEXT, formatter: (v: number) => fmtWhole(Math.abs(v)) } },
    yAxis: { type: 'category', data: rows.map(label), axisLabel: TEXT },
    series: [
      {
        ...first,
        markLine: {
          symbol: 'none',
          lineStyle: { color: '#000', type: 'dashed', width: 2 },
          label: { formatter: (m: { name: string }) => m.name, position: 'end', ...TEXT },
          data: ages.map((age) => ({ name: `${t('retirementAge')} ${age}`, yAxis: label(age - (age % 5)) })),
        },
      },
      series('M', 'PPPK', '#64b5f6'),
      series('F', 'PNS', '#ad1457'),
      series('F', 'PPPK', '#f48fb1'),
    ],
  };
}

export function waveOption(p: AgePyramid): echarts.EChartsCoreOption {
  return {
    title: { text: t('wave'), left: 0, textStyle: { fontSize: 16 } },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => fmtWhole(Number(v)) },
    legend: { top: 28, textStyle: TEXT },
    grid: { top: 80, left: 48, right: 16, bottom: 32 },
    xAxis: { type: 'category', data: p.wave.map((w) => String(w.year)), axisLabel: TEXT },
    yAxis: { type: 'value', minInterval: 1, axisLabel: TEXT },
    series: [
      {
        name: t('retirements'),
        type: 'bar',
        stack: 'exit',
        itemStyle: { color: COLORS.retirements },
        data: p.wave.map((w) => w.retirements),
        label: {
          show: true,
          position: 'inside',
          ...TEXT,
          color: '#fff',
          formatter: (x: { value: number }) => (x.value ? fmtWhole(x.value) : ''),
        },
      },
      {
        name: t('contractEnds'),
        type: 'bar',
        stack: 'exit',
        itemStyle: { color: COLORS.contractEnds },
        data: p.wave.map((w) => w.contractEnds),
      },
    ],
  };
}

/** The proposal cycle as a funnel: how many agencies reached each state, in cycle order. */
export function funnelOption(stages: Array<{ name: string; value: number }>): echarts.EChartsCoreOption {
  const max = Math.max(1, ...stages.map((s) => s.value));
  return {
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) => `${p.name}: ${fmtWhole(p.value)}` },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        min: 0,
        max,
        minSize: '35%',
        left: 16,
        right: 16,
        top: 16,
        bottom: 16,
        gap: 3,
        label: {
          show: true,
          position: 'inside',
          formatter: (p: { name: string; value: number }) => `${p.name}: ${fmtWhole(p.value)}`,
          ...TEXT,
          color: '#fff',
        },
        data: stages.map((s, i) => ({
          ...s,
          itemStyle: { color: ['#90a4ae', '#64b5f6', '#42a5f5', '#1e88e5', '#1565c0', '#0d47a1', '#2e7d32'][i % 7] },
        })),
      },
    ],
  };
}
