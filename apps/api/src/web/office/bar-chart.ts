import { Decimal } from 'decimal.js';

/**
 * Horizontal bar charts drawn on the server as inline SVG (no chart library, no script): the
 * numbers are also in a table beside each chart, which is what assistive technology reads.
 * Bar lengths are ratios computed in decimal from the exact amounts; only the drawing is rounded.
 */
export interface ChartItem {
  label: string;
  /** An amount string ("1234.50") or a count. */
  value: string | number;
  valueText: string;
  /** Labels people typed (categories): kept out of the interface-language checks. */
  userContent?: boolean;
}

const WIDTH = 640;
const LABEL_WIDTH = 200;
const BAR_MAX = 300;
const ROW = 32;
const BAR = 20;
const PAD = 8;
const MAX_LABEL = 16;
// The phone layout: each label on its own line above its bar, drawn 300 units wide so that on a
// 320-pixel screen (288 pixels of content) the 14-pixel text is scaled to no less than 13 pixels.
const NARROW_WIDTH = 300;
const NARROW_BAR_MAX = 170;
const NARROW_ROW = 50;

export interface BarChartView {
  id: string;
  title: string;
  desc: string;
  width: number;
  height: number;
  labelX: number;
  barX: number;
  bars: {
    label: string;
    fullLabel: string;
    valueText: string;
    userContent: boolean;
    barY: number;
    textY: number;
    barWidth: number;
    valueX: number;
  }[];
  /** The same bars stacked for phones (shown instead of the wide drawing below 40rem). */
  narrow: {
    width: number;
    height: number;
    bars: {
      label: string;
      valueText: string;
      userContent: boolean;
      labelY: number;
      barY: number;
      barWidth: number;
      valueX: number;
      valueY: number;
    }[];
  };
}

export function barChart(id: string, title: string, desc: string, items: ChartItem[]): BarChartView {
  const values = items.map((i) => new Decimal(i.value));
  const max = values.reduce((m, v) => Decimal.max(m, v), new Decimal(0));
  // A non-zero value stays visible however small it is next to the largest.
  const lengthOf = (k: number, full: number) =>
    values[k].isZero() ? 0 : Math.max(values[k].div(max).times(full).toDecimalPlaces(1).toNumber(), 2);
  const bars = items.map((item, k) => {
    const barWidth = lengthOf(k, BAR_MAX);
    const label = [...item.label].length > MAX_LABEL ? `${[...item.label].slice(0, MAX_LABEL - 1).join('')}…` : item.label;
    return {
      label,
      fullLabel: item.label,
      valueText: item.valueText,
      userContent: !!item.userContent,
      barY: PAD + k * ROW + (ROW - BAR) / 2,
      textY: PAD + k * ROW + ROW / 2 + 5,
      barWidth,
      valueX: LABEL_WIDTH + barWidth + 8,
    };
  });
  const narrowBars = bars.map((bar, k) => {
    const top = PAD + k * NARROW_ROW;
    const barWidth = lengthOf(k, NARROW_BAR_MAX);
    return {
      label: bar.label,
      valueText: bar.valueText,
      userContent: bar.userContent,
      labelY: top + 15,
      barY: top + 22,
      barWidth,
      valueX: barWidth + 6,
      valueY: top + 35,
    };
  });
  return {
    id,
    title,
    desc,
    narrow: { width: NARROW_WIDTH, height: PAD * 2 + Math.max(items.length, 1) * NARROW_ROW, bars: narrowBars },
    width: WIDTH,
    height: PAD * 2 + Math.max(items.length, 1) * ROW,
    labelX: LABEL_WIDTH - 8,
    barX: LABEL_WIDTH,
    bars,
  };
}
