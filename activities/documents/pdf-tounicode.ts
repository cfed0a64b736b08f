/**
 * Chromium (Skia) writes each font's ToUnicode map from the font's own cmap, taking the lowest code
 * point that reaches a glyph. Noto CJK draws a radical and its ideograph with one glyph (⼈ U+2F08
 * and 人 U+4EBA, ⻚ U+2EDA and 页 U+9875, ⺠ U+2EA0 and 民 U+6C11), so the PDF's text said ⼈⺠ for
 * 人民 and a search for 民政局 or 第 1 页 found nothing. This puts the ideograph back: a table from
 * radical to the ideograph sharing its glyph, read once from the CJK font the documents print
 * with, applied to every ToUnicode map of the PDF (pdf-lib), nothing else changed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { openSync, type Font } from 'fontkit';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';

const DEFAULT_FONT = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
const isRadical = (cp: number) => cp >= 0x2e80 && cp <= 0x2fdf;
const isIdeograph = (cp: number) => (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf);

/** The file of the font the documents print with (fontconfig's choice for Noto Serif CJK SC). */
export function cjkFontFile(): string {
  try {
    const file = execFileSync('fc-match', ['-f', '%{file}', 'Noto Serif CJK SC'], { encoding: 'utf8' }).trim();
    if (file && existsSync(file)) return file;
  } catch {
    // No fontconfig: the Debian path.
  }
  return DEFAULT_FONT;
}

/** Radical → the ideograph drawn with the same glyph, from the font's simplified-Chinese face. */
export function radicalTable(fontFile: string = cjkFontFile()): Map<number, number> {
  const opened = openSync(fontFile);
  const font: Font = 'fonts' in opened ? (opened.fonts.find((f) => /CJKsc|SC/.test(f.postscriptName)) ?? opened.fonts[0]) : opened;
  const byGlyph = new Map<number, number>();
  const radicals: number[] = [];
  for (const cp of font.characterSet) {
    if (isRadical(cp)) radicals.push(cp);
    else if (isIdeograph(cp)) {
      const id = font.glyphForCodePoint(cp).id;
      if (!byGlyph.has(id)) byGlyph.set(id, cp);
    }
  }
  const table = new Map<number, number>();
  for (const cp of radicals) {
    const ideograph = byGlyph.get(font.glyphForCodePoint(cp).id);
    if (ideograph !== undefined) table.set(cp, ideograph);
  }
  return table;
}

let cached: Map<number, number> | undefined;
const table = () => (cached ??= radicalTable());

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

/** A ToUnicode CMap with every mapping as bfchar, radicals replaced by their ideographs. */
export function fixCMap(cmap: string, radicals: Map<number, number>): string {
  const first = cmap.search(/\d+\s+beginbf(char|range)/);
  const lastEnd = Math.max(cmap.lastIndexOf('endbfchar'), cmap.lastIndexOf('endbfrange'));
  if (first < 0 || lastEnd < 0) return cmap;
  const tail = cmap.slice(lastEnd).replace(/^endbf(char|range)/, '');
  const pairs: [string, string][] = [];
  const body = cmap.slice(first, lastEnd + 'endbfrange'.length);
  for (const block of body.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) pairs.push([m[1], m[2]]);
  }
  for (const block of body.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])/g)) {
      const [lo, hi, width] = [parseInt(m[1], 16), parseInt(m[2], 16), m[1].length];
      const list = m[4] ? [...m[4].matchAll(/<([0-9A-Fa-f]+)>/g)].map((x) => x[1]) : undefined;
      for (let code = lo; code <= hi; code++) {
        const dst = list ? list[code - lo] : hex(parseInt(m[3], 16) + (code - lo), m[3].length);
        if (dst !== undefined) pairs.push([hex(code, width), dst]);
      }
    }
  }
  let replaced = 0;
  const fixed = pairs.map(([src, dst]) => {
    const cp = dst.length === 4 ? parseInt(dst, 16) : NaN;
    const ideograph = radicals.get(cp);
    if (ideograph !== undefined) replaced++;
    return `<${src}> <${ideograph === undefined ? dst : hex(ideograph, 4)}>`;
  });
  if (replaced === 0) return cmap;
  const blocks: string[] = [];
  for (let i = 0; i < fixed.length; i += 100) {
    const chunk = fixed.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
  }
  return `${cmap.slice(0, first)}${blocks.join('\n')}${tail}`;
}

/** The PDF with its ToUnicode maps fixed (see above); the same bytes when nothing needed it. */
export async function fixToUnicode(pdf: Buffer, radicals: Map<number, number> = table()): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  let changed = false;
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const ref = obj.get(PDFName.of('ToUnicode'));
    const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : undefined;
    if (!(ref instanceof PDFRef) || !(stream instanceof PDFRawStream)) continue;
    const cmap = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    const fixed = fixCMap(cmap, radicals);
    if (fixed === cmap) continue;
    doc.context.assign(ref, doc.context.flateStream(fixed));
    changed = true;
  }
  if (!changed) return pdf;
  return Buffer.from(await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false }));
}
