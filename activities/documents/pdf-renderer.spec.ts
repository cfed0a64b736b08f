import { documentNoOf } from '../document-pdf';
import { countPages, footerTemplate } from './pdf-renderer';
import { fixCMap } from './pdf-tounicode';

describe('the PDF footer and its helpers', () => {
  const hash = 'ab'.repeat(32);

  it('prints page x of y in Chinese and English, the content hash and where to verify, escaping what it inserts', () => {
    const footer = footerTemplate({ sha256: hash, documentNo: '民受〔2026〕<1>号', verifyUrl: 'https://psp.example/verify?a=1&b=2' });
    expect(footer).toContain('第 <span class="pageNumber"></span> 页 共 <span class="totalPages"></span> 页');
    expect(footer).toContain('Page <span class="pageNumber"></span> of <span class="totalPages"></span>');
    expect(footer).toContain(`content SHA-256: ${hash}`);
    expect(footer).toContain('民受〔2026〕&lt;1&gt;号');
    expect(footer).toContain('https://psp.example/verify?a=1&amp;b=2');
    expect(footer).not.toContain('<1>');
  });

  it('leaves the number out when a document has none', () => {
    expect(footerTemplate({ sha256: hash, verifyUrl: '/verify' })).not.toContain('文书编号');
  });

  it('counts pages from the page tree', () => {
    expect(countPages(Buffer.from('<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>', 'latin1'))).toBe(2);
    expect(countPages(Buffer.from('%PDF-1.4 nothing', 'latin1'))).toBe(1);
  });

  it('reads the document number the layout prints under the title', () => {
    expect(documentNoOf('<header><h1>t</h1>\n<p class="doc-no flush">协〔2026〕a&amp;b号</p></header>')).toBe('协〔2026〕a&b号');
    expect(documentNoOf('<p class="doc-no flush"></p>')).toBeUndefined();
  });
});

describe('the ToUnicode fix-up', () => {
  // 人 and 页 as the Noto CJK font draws them: the radicals ⼈ (U+2F08) and ⻚ (U+2EDA) share their glyphs.
  const radicals = new Map([
    [0x2f08, 0x4eba],
    [0x2eda, 0x9875],
  ]);
  const cmap = (body: string) => `/CIDInit /ProcSet findresource begin\nbegincmap\n${body}\nendcmap\nend\n`;

  it('names each glyph by its ideograph rather than the radical, in single mappings and in ranges', () => {
    const fixed = fixCMap(
      cmap('2 beginbfchar\n<01> <2F08>\n<02> <6C11>\nendbfchar\n1 beginbfrange\n<03> <04> <2ED9>\nendbfrange'),
      radicals,
    );
    expect(fixed).toContain('<01> <4EBA>');
    expect(fixed).toContain('<02> <6C11>');
    expect(fixed).toContain('<03> <2ED9>');
    expect(fixed).toContain('<04> <9875>');
    expect(fixed).not.toMatch(/2F08|2EDA/);
    expect(fixed.startsWith('/CIDInit')).toBe(true);
    expect(fixed.trimEnd().endsWith('end')).toBe(true);
  });

  it('leaves a map without radicals as it was', () => {
    const plain = cmap('1 beginbfchar\n<01> <4EBA>\nendbfchar');
    expect(fixCMap(plain, radicals)).toBe(plain);
  });
});
