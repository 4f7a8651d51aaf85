/**
 * Renders a {@link BenchReport} as a self-contained SVG chart of two panels, each a bar chart on a log
 * scale where a bar runs from the baseline's `1×` line up (slower) or down (faster):
 *
 * 1. the file workloads, one group per case, one bar per backend, relative to the `map` floor;
 * 2. the product scenarios, one group per case, one bar per contender (named under the bar),
 *    relative to that case's baseline, the conventional way of doing the same work.
 *
 * @module
 */

import { formatMs } from '../lib/units.js';
import type { BenchReport, CaseReport, ContenderResult } from './model.js';

/** Okabe–Ito colours, distinguishable with common colour-vision deficiencies; baselines are grey. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#B8A400', '#000000'];
const DMEMFS_COLOUR = PALETTE[0];
const BASELINE_COLOUR = '#9a9a9a';
const OTHER_COLOUR = PALETTE[1];

const FONT = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';
const CHAR_WIDTH_EM = 0.6; // rough average glyph width, to size groups around their labels
const BAR_WIDTH = 18;
const BAR_GAP = 4;
const GROUP_PADDING = 16;
const PLOT_HEIGHT = 340;
const MARGIN = { left: 72, right: 24 };
const MIN_WIDTH = 640;

/** Escapes text for use in SVG/XML content and double-quoted attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

type Attributes = Readonly<Record<string, string | number>>;

function element(name: string, attributes: Attributes, content?: string): string {
  const rendered = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('');
  return content === undefined ? `<${name}${rendered}/>` : `<${name}${rendered}>${content}</${name}>`;
}

function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * CHAR_WIDTH_EM;
}

/** Formats an axis tick such as `0.5×`, `1×` or `200×`. */
function tickLabel(value: number): string {
  return `${Number(value.toPrecision(1))}×`;
}

function ratioLabel(ratio: number): string {
  if (ratio >= 10) return `${ratio.toFixed(0)}×`;
  return `${ratio >= 0.01 ? ratio.toFixed(2) : ratio.toPrecision(2)}×`;
}

/** Least vertical distance, in pixels, between two axis labels. */
const MIN_LABEL_SPACING = 15;

/** A log10 scale from ratio to y pixel, covering whole decades around every ratio and 1×. */
class LogScale {
  readonly lowDecade: number;
  readonly highDecade: number;

  constructor(
    ratios: readonly number[],
    private readonly top: number,
    private readonly bottom: number,
  ) {
    const logs = [0, ...ratios.map(Math.log10)];
    this.lowDecade = Math.floor(Math.min(...logs));
    this.highDecade = Math.ceil(Math.max(...logs));
    if (this.highDecade === this.lowDecade) this.highDecade += 1;
  }

  y(ratio: number): number {
    const fraction = (Math.log10(ratio) - this.lowDecade) / (this.highDecade - this.lowDecade);
    return this.bottom - fraction * (this.bottom - this.top);
  }

  /**
   * 1, 2 and 5 times each power of ten inside the scale. The 2 and 5 ticks are labelled only where
   * decades are tall enough for their labels not to overlap (1 to 2 is the closest pair).
   */
  ticks(): { value: number; major: boolean; labelled: boolean }[] {
    const decadePixels = (this.bottom - this.top) / (this.highDecade - this.lowDecade);
    const minorLabels = decadePixels * Math.log10(2) >= MIN_LABEL_SPACING;
    const ticks: { value: number; major: boolean; labelled: boolean }[] = [];
    for (let decade = this.lowDecade; decade <= this.highDecade; decade++) {
      for (const step of [1, 2, 5]) {
        if (decade === this.highDecade && step > 1) break;
        const major = step === 1;
        ticks.push({ value: step * 10 ** decade, major, labelled: major || minorLabels });
      }
    }
    return ticks;
  }
}

/** One bar: a contender's result with its colour. */
interface Bar {
  readonly result: ContenderResult;
  readonly colour: string;
}

/** One group of bars: a case. */
interface Group {
  readonly caseReport: CaseReport;
  readonly bars: readonly Bar[];
}

/** What a panel shows. */
interface Panel {
  readonly title: string;
  readonly groups: readonly Group[];
  /** Colour keys shown above the plot; empty when bars are named under themselves instead. */
  readonly legend: readonly { readonly name: string; readonly colour: string }[];
  readonly namedBars: boolean;
}

const LEGEND_ROW = 18;
const TITLE_BLOCK = 30;
/** Room under the plot for case names, and for bar names when bars are named. */
const CASE_LABEL_BLOCK = 36;

function barsWidth(count: number): number {
  return count * BAR_WIDTH + Math.max(0, count - 1) * BAR_GAP;
}

function groupWidth(group: Group): number {
  return Math.max(
    barsWidth(group.bars.length) + 2 * GROUP_PADDING,
    textWidth(group.caseReport.name, 12) + GROUP_PADDING,
  );
}

function legendRows(panel: Panel, width: number): { x: number; y: number; name: string; colour: string }[] {
  const items: { x: number; y: number; name: string; colour: string }[] = [];
  let x = MARGIN.left;
  let row = 0;
  for (const { name, colour } of panel.legend) {
    const itemWidth = 14 + 6 + textWidth(name, 12) + 20;
    if (x + itemWidth > width - MARGIN.right && x > MARGIN.left) {
      x = MARGIN.left;
      row++;
    }
    items.push({ x, y: row * LEGEND_ROW, name, colour });
    x += itemWidth;
  }
  return items;
}

/** Longest bar name, in pixels, once rotated under its bar. */
function barNamesHeight(panel: Panel): number {
  if (!panel.namedBars) return 0;
  const longest = Math.max(
    0,
    ...panel.groups.flatMap((group) => group.bars.map((bar) => bar.result.contender.length)),
  );
  return Math.ceil(textWidth('x'.repeat(longest), 10)) + 12;
}

/** Small text reading bottom to top, starting (`start`) or ending (`end`) at `(x, y)`. */
function verticalText(x: number, y: number, text: string, fill: string, anchor: 'start' | 'end'): string {
  return element(
    'text',
    {
      x,
      y,
      transform: `rotate(-90 ${x} ${y})`,
      'text-anchor': anchor,
      'dominant-baseline': 'central',
      'font-size': 10,
      fill,
    },
    escapeXml(text),
  );
}

/** A vertical label at a bar's end, reading bottom to top. */
function barLabel(x: number, y: number, text: string, fill: string, above: boolean): string {
  return above ? verticalText(x, y - 4, text, fill, 'start') : verticalText(x, y + 4, text, fill, 'end');
}

function bar(group: Group, item: Bar, x: number, scale: LogScale, namesTop: number | null): string[] {
  const { result, colour } = item;
  const { caseReport } = group;
  const centre = x + BAR_WIDTH / 2;
  const baselineY = scale.y(1);
  const parts: string[] = [];
  // Named bars carry their name under the plot, reading bottom to top and ending just below it.
  if (namesTop !== null) parts.push(verticalText(centre, namesTop, result.contender, '#333333', 'end'));
  if (result.status !== 'ok' || result.medianVsBaseline === null) {
    const mark = result.status === 'ok' ? 'no baseline' : result.status;
    const detail =
      result.status === 'error' ? result.error : result.status === 'skipped' ? result.reason : mark;
    parts.push(
      element(
        'g',
        {},
        element('title', {}, escapeXml(`${caseReport.name}, ${result.contender}: ${detail}`)) +
          barLabel(centre, baselineY, mark, '#b00020', true),
      ),
    );
    return parts;
  }
  const ratio = result.medianVsBaseline;
  const valueY = scale.y(ratio);
  const top = Math.min(baselineY, valueY);
  const height = Math.max(Math.abs(baselineY - valueY), 1.5);
  const title =
    `${caseReport.name}, ${result.contender}: median ${formatMs(result.medianMs)} ms, ` +
    `${ratioLabel(ratio)} ${caseReport.baseline}`;
  parts.push(
    element(
      'rect',
      { x, y: top, width: BAR_WIDTH, height, fill: colour },
      element('title', {}, escapeXml(title)),
    ),
    barLabel(centre, ratio >= 1 ? top : top + height, ratioLabel(ratio), '#333333', ratio >= 1),
  );
  return parts;
}

/** Draws `panel` with its top edge at `top`; returns the parts and the panel's height. */
function renderPanel(panel: Panel, top: number, width: number): { parts: string[]; height: number } {
  const legend = legendRows(panel, width);
  const legendHeight = legend.length === 0 ? 0 : Math.max(...legend.map((item) => item.y)) + LEGEND_ROW + 8;
  const plotTop = top + TITLE_BLOCK + legendHeight;
  const plotBottom = plotTop + PLOT_HEIGHT;
  const widths = panel.groups.map(groupWidth);
  const plotWidth = widths.reduce((sum, w) => sum + w, 0);
  const plotRight = MARGIN.left + plotWidth;
  const namesHeight = barNamesHeight(panel);
  const height = TITLE_BLOCK + legendHeight + PLOT_HEIGHT + namesHeight + CASE_LABEL_BLOCK;

  const ratios = panel.groups.flatMap((group) =>
    group.bars.flatMap(({ result }) =>
      result.status === 'ok' && result.medianVsBaseline !== null ? [result.medianVsBaseline] : [],
    ),
  );
  // Keep the value labels of the longest bars (up to `0.0012×`, about 44 px) inside the plot.
  const scale = new LogScale(ratios, plotTop + 48, plotBottom - 48);

  const parts: string[] = [
    element(
      'text',
      { x: MARGIN.left, y: top + 20, 'font-size': 14, 'font-weight': 600 },
      escapeXml(panel.title),
    ),
  ];
  for (const item of legend) {
    const y = plotTop - legendHeight + item.y + 12;
    parts.push(
      element('rect', { x: item.x, y: y - 10, width: 14, height: 12, rx: 2, fill: item.colour }),
      element('text', { x: item.x + 20, y, 'font-size': 12 }, escapeXml(item.name)),
    );
  }
  for (const tick of scale.ticks()) {
    const y = scale.y(tick.value);
    parts.push(
      element('line', {
        x1: MARGIN.left,
        x2: plotRight,
        y1: y,
        y2: y,
        stroke: tick.major ? '#d0d0d0' : '#ececec',
        'stroke-width': 1,
      }),
    );
    if (!tick.labelled) continue;
    parts.push(
      element(
        'text',
        {
          x: MARGIN.left - 8,
          y,
          'text-anchor': 'end',
          'dominant-baseline': 'central',
          'font-size': 11,
          fill: '#555555',
        },
        escapeXml(tickLabel(tick.value)),
      ),
    );
  }
  const baselineY = scale.y(1);
  parts.push(
    element('line', {
      x1: MARGIN.left,
      x2: plotRight,
      y1: baselineY,
      y2: baselineY,
      stroke: '#555555',
      'stroke-width': 1.5,
    }),
  );

  let groupX = MARGIN.left;
  panel.groups.forEach((group, index) => {
    const width = widths[index];
    let x = groupX + (width - barsWidth(group.bars.length)) / 2;
    for (const item of group.bars) {
      parts.push(...bar(group, item, x, scale, panel.namedBars ? plotBottom + 6 : null));
      x += BAR_WIDTH + BAR_GAP;
    }
    parts.push(
      element(
        'text',
        {
          x: groupX + width / 2,
          y: plotBottom + namesHeight + 22,
          'text-anchor': 'middle',
          'font-size': 12,
          'font-weight': panel.namedBars ? 600 : 400,
        },
        escapeXml(group.caseReport.name),
      ),
    );
    if (index > 0) {
      parts.push(element('line', { x1: groupX, x2: groupX, y1: plotTop, y2: plotBottom, stroke: '#ececec' }));
    }
    groupX += width;
  });
  parts.push(
    element('rect', {
      x: MARGIN.left,
      y: plotTop,
      width: plotWidth,
      height: PLOT_HEIGHT,
      fill: 'none',
      stroke: '#bdbdbd',
    }),
  );
  if (ratios.length === 0) {
    parts.push(
      element(
        'text',
        {
          x: MARGIN.left + plotWidth / 2,
          y: plotTop + PLOT_HEIGHT / 2,
          'text-anchor': 'middle',
          'font-size': 13,
        },
        escapeXml('No ratios: no case has a result for its baseline in this run.'),
      ),
    );
  }
  return { parts, height };
}

/** The file-workload panel: bars coloured per backend, the floor grey, with a legend. */
function workloadPanel(cases: readonly CaseReport[]): Panel {
  const names = cases[0].contenders.map((contender) => contender.name);
  const colours = new Map<string, string>();
  let next = 1;
  for (const name of names) {
    colours.set(
      name,
      name === cases[0].baseline
        ? BASELINE_COLOUR
        : name === 'dmemfs'
          ? DMEMFS_COLOUR
          : PALETTE[next++ % PALETTE.length],
    );
  }
  return {
    title: `File workloads: median time relative to ${cases[0].baseline}, the in-memory floor (log scale, lower is faster)`,
    legend: names.map((name) => ({ name, colour: colours.get(name) ?? BASELINE_COLOUR })),
    namedBars: false,
    groups: cases.map((caseReport) => ({
      caseReport,
      bars: caseReport.results.map((result) => ({
        result,
        colour: colours.get(result.contender) ?? BASELINE_COLOUR,
      })),
    })),
  };
}

/** The scenario panel: bars named under themselves, dmemfs blue, each baseline grey, the rest orange. */
function scenarioPanel(cases: readonly CaseReport[]): Panel {
  return {
    title:
      'Product scenarios: median time relative to each case\u2019s baseline (log scale, lower is faster)',
    legend: [
      { name: 'dmemfs', colour: DMEMFS_COLOUR },
      { name: 'baseline: the usual way', colour: BASELINE_COLOUR },
      { name: 'other ways', colour: OTHER_COLOUR },
    ],
    namedBars: true,
    groups: cases.map((caseReport) => ({
      caseReport,
      bars: caseReport.results.map((result) => {
        const info = caseReport.contenders.find((contender) => contender.name === result.contender);
        const colour =
          result.contender === caseReport.baseline
            ? BASELINE_COLOUR
            : info?.dmemfs
              ? DMEMFS_COLOUR
              : OTHER_COLOUR;
        return { result, colour };
      }),
    })),
  };
}

/** Renders the chart. */
export function renderSvg(report: BenchReport): string {
  const workloads = report.cases.filter((caseReport) => caseReport.kind === 'workload');
  const scenarios = report.cases.filter((caseReport) => caseReport.kind === 'scenario');
  const panels = [
    ...(workloads.length > 0 ? [workloadPanel(workloads)] : []),
    ...(scenarios.length > 0 ? [scenarioPanel(scenarios)] : []),
  ];
  const width = Math.ceil(
    Math.max(
      MIN_WIDTH,
      ...panels.map(
        (panel) => MARGIN.left + panel.groups.map(groupWidth).reduce((a, b) => a + b, 0) + MARGIN.right,
      ),
    ),
  );
  const header = 64;
  const parts: string[] = [
    element(
      'text',
      { x: MARGIN.left, y: 28, 'font-size': 17, 'font-weight': 600 },
      escapeXml('dmemfs benchmarks: median time relative to a baseline'),
    ),
    element(
      'text',
      { x: MARGIN.left, y: 48, 'font-size': 12, fill: '#555555' },
      escapeXml(
        `preset ${report.preset}, ${report.repeat} timed runs, Node ${report.machine.nodeVersion}, ` +
          `${report.machine.cpuModel}, ${report.generatedAt}`,
      ),
    ),
  ];
  let top = header;
  for (const panel of panels) {
    const rendered = renderPanel(panel, top, width);
    parts.push(...rendered.parts);
    top += rendered.height + 16;
  }
  if (panels.length === 0) {
    parts.push(
      element('text', { x: MARGIN.left, y: top + 20, 'font-size': 13 }, escapeXml('No cases in this run.')),
    );
    top += 40;
  }
  const height = Math.ceil(top);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="${escapeXml(FONT)}" role="img">`,
    element('title', {}, escapeXml('dmemfs benchmarks: median time relative to a baseline')),
    element('rect', { width, height, fill: '#ffffff' }),
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
