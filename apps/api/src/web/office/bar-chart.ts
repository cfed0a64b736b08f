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
}

export function barChart(id: string, title: string, desc: string, items: ChartItem[]): BarChartView {
  const values = items.map((i) => new Decimal(i.value));
  const max = values.reduce((m, v) => Decimal.max(m, v), new Decimal(0));
  const bars = items.map((item, k) => {
    const length = max.isZero() ? 0 : values[k].div(max).times(BAR_MAX).toDecimalPlaces(1).toNumber();
    // A non-zero value stays visible however small it is next to the largest.
    const barWidth = values[k].isZero() ? 0 : Math.max(length, 2);
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
  return {
    id,
    title,
    desc,
    width: WIDTH,
    height: PAD * 2 + Math.max(items.length, 1) * ROW,
    labelX: LABEL_WIDTH - 8,
    barX: LABEL_WIDTH,
    bars,
  };
}
