import { documentNoOf } from '../document-pdf';
import { countPages, footerTemplate } from './pdf-renderer';

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
