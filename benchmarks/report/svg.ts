/**
 * Renders a {@link BenchReport} as a self-contained SVG bar chart: one group per case, one bar per
 * backend, bar height = median time relative to the floor backend on a log scale, drawn from the
 * floor's `1×` line up (slower) or down (faster).
 *
 * @module
 */

import type { BackendResult, BenchReport } from './model.js';

/** Okabe–Ito colours, distinguishable with common colour-vision deficiencies; the floor is grey. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#B8A400', '#000000'];
const FLOOR_COLOUR = '#9a9a9a';

const FONT = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';
const CHAR_WIDTH_EM = 0.6; // rough average glyph width, to size groups around their labels
const BAR_WIDTH = 18;
const BAR_GAP = 4;
const GROUP_PADDING = 16;
const PLOT_HEIGHT = 340;
const MARGIN = { left: 72, right: 24, top: 104, bottom: 56 };

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
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}×`;
}

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

  /** 1, 2 and 5 times each power of ten inside the scale. */
  ticks(): { value: number; major: boolean }[] {
    const ticks: { value: number; major: boolean }[] = [];
    for (let decade = this.lowDecade; decade <= this.highDecade; decade++) {
      for (const step of [1, 2, 5]) {
        if (decade === this.highDecade && step > 1) break;
        ticks.push({ value: step * 10 ** decade, major: step === 1 });
      }
    }
    return ticks;
  }
}

/** Assigns each backend a colour in run order, the floor grey. */
function colourMap(backends: readonly string[], floorBackend: string): Map<string, string> {
  const colours = new Map<string, string>();
  let next = 0;
  for (const backend of backends) {
    colours.set(backend, backend === floorBackend ? FLOOR_COLOUR : PALETTE[next++ % PALETTE.length]);
  }
  return colours;
}

function legend(backends: readonly string[], colours: Map<string, string>, width: number): string[] {
  const parts: string[] = [];
  let x = MARGIN.left;
  let y = 66;
  for (const backend of backends) {
    const itemWidth = 14 + 6 + textWidth(backend, 12) + 20;
    if (x + itemWidth > width - MARGIN.right && x > MARGIN.left) {
      x = MARGIN.left;
      y += 18;
    }
    parts.push(
      element('rect', { x, y: y - 10, width: 14, height: 12, rx: 2, fill: colours.get(backend) ?? '' }),
    );
    parts.push(element('text', { x: x + 20, y, 'font-size': 12 }, escapeXml(backend)));
    x += itemWidth;
  }
  return parts;
}

/** A vertical label at a bar's end, reading bottom to top. */
function barLabel(x: number, y: number, text: string, fill: string, above: boolean): string {
  const anchorY = above ? y - 4 : y + 4;
  return element(
    'text',
    {
      x,
      y: anchorY,
      transform: `rotate(-90 ${x} ${anchorY})`,
      'text-anchor': above ? 'start' : 'end',
      'dominant-baseline': 'central',
      'font-size': 10,
      fill,
    },
    escapeXml(text),
  );
}

function bar(
  result: BackendResult,
  caseName: string,
  x: number,
  scale: LogScale,
  colour: string,
  floorBackend: string,
): string[] {
  const centre = x + BAR_WIDTH / 2;
  const floorY = scale.y(1);
  if (result.status !== 'ok' || result.medianVsFloor === null) {
    const mark = result.status === 'ok' ? 'no floor' : result.status;
    const detail =
      result.status === 'error' ? result.error : result.status === 'skipped' ? result.reason : mark;
    return [
      element(
        'g',
        {},
        element('title', {}, escapeXml(`${caseName}, ${result.backend}: ${detail}`)) +
          barLabel(centre, floorY, mark, '#b00020', true),
      ),
    ];
  }
  const ratio = result.medianVsFloor;
  const valueY = scale.y(ratio);
  const top = Math.min(floorY, valueY);
  const height = Math.max(Math.abs(floorY - valueY), 1.5);
  const title = `${caseName}, ${result.backend}: median ${result.medianMs.toFixed(2)} ms, ${ratioLabel(ratio)} ${floorBackend}`;
  return [
    element(
      'rect',
      { x, y: top, width: BAR_WIDTH, height, fill: colour },
      element('title', {}, escapeXml(title)),
    ),
    barLabel(centre, ratio >= 1 ? top : top + height, ratioLabel(ratio), '#333333', ratio >= 1),
  ];
}

/** Renders the chart. */
export function renderSvg(report: BenchReport): string {
  const backends = report.backends.map((backend) => backend.name);
  const colours = colourMap(backends, report.floorBackend);
  const barsWidth = backends.length * BAR_WIDTH + (backends.length - 1) * BAR_GAP;
  const groupWidths = report.cases.map((caseReport) =>
    Math.max(barsWidth + 2 * GROUP_PADDING, textWidth(caseReport.name, 12) + GROUP_PADDING),
  );
  const plotWidth = groupWidths.reduce((sum, width) => sum + width, 0);
  const width = Math.ceil(Math.max(MARGIN.left + plotWidth + MARGIN.right, 640));
  const height = MARGIN.top + PLOT_HEIGHT + MARGIN.bottom;
  const plotTop = MARGIN.top;
  const plotBottom = MARGIN.top + PLOT_HEIGHT;
  const plotRight = MARGIN.left + plotWidth;

  const ratios = report.cases.flatMap((caseReport) =>
    caseReport.results.flatMap((result) =>
      result.status === 'ok' && result.medianVsFloor !== null ? [result.medianVsFloor] : [],
    ),
  );
  // Keep labels of the tallest bars inside the plot: start a little below the top edge.
  const scale = new LogScale(ratios, plotTop + 28, plotBottom - 28);

  const parts: string[] = [
    element('rect', { width, height, fill: '#ffffff' }),
    element(
      'text',
      { x: MARGIN.left, y: 28, 'font-size': 17, 'font-weight': 600 },
      escapeXml(`Median time relative to ${report.floorBackend} (log scale, lower is faster)`),
    ),
    element(
      'text',
      { x: MARGIN.left, y: 48, 'font-size': 12, fill: '#555555' },
      escapeXml(
        `preset ${report.preset}, ${report.repeat} timed runs, Node ${report.machine.nodeVersion}, ` +
          `${report.machine.cpuModel}, ${report.generatedAt}`,
      ),
    ),
    ...legend(backends, colours, width),
  ];

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
  const floorY = scale.y(1);
  parts.push(
    element('line', {
      x1: MARGIN.left,
      x2: plotRight,
      y1: floorY,
      y2: floorY,
      stroke: '#555555',
      'stroke-width': 1.5,
    }),
  );

  let groupX = MARGIN.left;
  report.cases.forEach((caseReport, index) => {
    const groupWidth = groupWidths[index];
    let x = groupX + (groupWidth - barsWidth) / 2;
    for (const backend of backends) {
      const result = caseReport.results.find((candidate) => candidate.backend === backend);
      if (result !== undefined) {
        parts.push(
          ...bar(result, caseReport.name, x, scale, colours.get(backend) ?? '', report.floorBackend),
        );
      }
      x += BAR_WIDTH + BAR_GAP;
    }
    parts.push(
      element(
        'text',
        { x: groupX + groupWidth / 2, y: plotBottom + 22, 'text-anchor': 'middle', 'font-size': 12 },
        escapeXml(caseReport.name),
      ),
    );
    if (index > 0) {
      parts.push(element('line', { x1: groupX, x2: groupX, y1: plotTop, y2: plotBottom, stroke: '#ececec' }));
    }
    groupX += groupWidth;
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
        escapeXml(`No ratios: the floor backend ${report.floorBackend} has no result in this run.`),
      ),
    );
  }

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="${escapeXml(FONT)}" role="img">`,
    element('title', {}, escapeXml(`dmemfs benchmarks: median time relative to ${report.floorBackend}`)),
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
