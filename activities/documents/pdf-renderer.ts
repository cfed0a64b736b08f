/**
 * Prints a stored document's HTML to an A4 PDF with Debian's Chromium (installed by
 * scripts/ensure-chromium.sh, with the Noto CJK fonts) through playwright-core's `page.pdf()`:
 * the same HTML and print CSS as the on-screen document, so the PDF looks like what was stored,
 * and Chromium embeds the subset of each font it uses, with a ToUnicode map, so the text can be
 * selected and searched. One browser per worker process, started at the first render and closed
 * after a quiet minute (or when the worker stops), so an idle worker carries no browser.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { fixToUnicode } from './pdf-tounicode';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// The flags that run Debian's Chromium headless as root on these machines (environment.md); the
// browser tests launch it with the same (test/support/browser.ts).
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

const IDLE_CLOSE_MS = 60_000;

/**
 * Chromium raises its browser and GPU processes to nice -8 whenever it may, which it may as root
 * (as on these machines): a print, or a browser test, then takes the CPU from PostgreSQL and the
 * worker beside it. Started through setpriv without CAP_SYS_NICE, it keeps the priority it was
 * given. Without root (nothing to drop) or without setpriv, Chromium is started as it is.
 */
function unprivilegedChromium(): string {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/setpriv')) return CHROMIUM_PATH;
  const quoted = `'${CHROMIUM_PATH.replace(/'/g, `'\\''`)}'`;
  const script = `#!/bin/sh\nexec /usr/bin/setpriv --inh-caps -sys_nice --bounding-set -sys_nice ${quoted} "$@"\n`;
  const file = join(tmpdir(), `psp-chromium-${createHash('sha256').update(script).digest('hex').slice(0, 12)}.sh`);
  if (!existsSync(file) || readFileSync(file, 'utf8') !== script) {
    // Written beside and renamed into place: processes starting at once never run half a file.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, script, { mode: 0o755 });
    renameSync(partial, file);
  }
  return file;
}

/** Debian's Chromium, headless, for the PDFs and the browser tests alike. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    return Promise.reject(
      new Error(
        `Chromium not found at ${CHROMIUM_PATH}: run \`bash scripts/ensure-chromium.sh\` ` +
          '(or `node scripts/prepare.mjs`), or set CHROMIUM_PATH',
      ),
    );
  }
  return chromium.launch({ executablePath: unprivilegedChromium(), headless: true, args: CHROMIUM_ARGS });
}

export interface PdfFooter {
  /** The content hash printed on every page (Document.sha256). */
  sha256: string;
  documentNo?: string;
  /** Where anyone can check the hash (the portal's /verify). */
  verifyUrl: string;
}

export interface RenderedPdf {
  pdf: Buffer;
  pages: number;
  renderer: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Chromium's footer template: page x of y (its pageNumber and totalPages classes) and the content
 * hash, in Chinese first with English beside. The footer is drawn in the @page bottom margin.
 */
export function footerTemplate(f: PdfFooter): string {
  const no = f.documentNo ? `文书编号 / No. ${escapeHtml(f.documentNo)}&#12288;` : '';
  return (
    `<div style="width:100%;margin:0 20mm;font-size:7.5pt;line-height:1.4;color:#333;` +
    `font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;">` +
    `<div style="display:flex;justify-content:space-between"><span>${no}</span>` +
    `<span>第 <span class="pageNumber"></span> 页 共 <span class="totalPages"></span> 页 / ` +
    `Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>` +
    `<div style="font-family:'DejaVu Sans Mono',monospace;">文书内容 SHA-256 / content SHA-256: ${escapeHtml(f.sha256)}</div>` +
    `<div>真伪核验 / verify at: ${escapeHtml(f.verifyUrl)}</div></div>`
  );
}

/** Pages of a PDF Chromium wrote: its page tree's /Count. */
export function countPages(pdf: Buffer): number {
  const counts = [...pdf.toString('latin1').matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  return counts.length > 0 ? Math.max(...counts) : 1;
}

export class PdfRenderer {
  private browser?: Promise<Browser>;
  private idle?: NodeJS.Timeout;
  private busy = 0;

  async render(html: string, footer: PdfFooter): Promise<RenderedPdf> {
    this.busy++;
    clearTimeout(this.idle);
    try {
      const browser = await this.launch();
      // No script and no network: the document is our own rendering, but it carries what
      // applicants typed, and nothing in it may run or fetch anything while it is printed.
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await context.newPage();
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        const printed = await page.pdf({
          format: 'A4',
          preferCSSPageSize: true,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate: footerTemplate(footer),
          tagged: true,
        });
        const pdf = await fixToUnicode(printed);
        return { pdf, pages: countPages(pdf), renderer: `Chromium ${browser.version()}` };
      } finally {
        await context.close();
      }
    } finally {
      this.busy--;
      if (this.busy === 0) this.idle = setTimeout(() => void this.close(), IDLE_CLOSE_MS).unref();
    }
  }

  /** Closes the browser, if one runs; the next render starts another. */
  async close(): Promise<void> {
    clearTimeout(this.idle);
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close();
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      const launching = launchChromium();
      launching.then(
        (b) => b.on('disconnected', () => this.browser === launching && (this.browser = undefined)),
        () => this.browser === launching && (this.browser = undefined),
      );
      this.browser = launching;
    }
    return this.browser;
  }
}

/** The worker process's one renderer (closed by the worker on shutdown). */
export const pdfRenderer = new PdfRenderer();
