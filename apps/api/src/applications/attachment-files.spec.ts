import { docxFile, exeFile, htmlFile, jpgFile, pdfFile, pngFile, xlsxFile } from '@test/support/files';
import { checkFile, normaliseFilename } from './attachment-files';

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('checkFile', () => {
  it('reads PDF, PNG, JPG, DOCX and XLSX from their bytes and keeps the detected type', async () => {
    const cases: [string, Buffer, string, string][] = [
      ['OTHER', pdfFile(), PDF, 'PDF'],
      ['OTHER', pngFile(), 'image/png', 'PNG'],
      ['OTHER', jpgFile(), 'image/jpeg', 'JPG'],
      ['OTHER', docxFile(), DOCX, 'DOCX'],
      ['OTHER', await xlsxFile(), XLSX, 'XLSX'],
    ];
    for (const [kind, bytes, mime, label] of cases) {
      await expect(checkFile(kind, mime, bytes, `a.${label.toLowerCase()}`)).resolves.toMatchObject({ mimeType: mime, label });
    }
  });

  it('refuses HTML declared as PDF and an executable declared as PNG, naming the file field', async () => {
    await expect(checkFile('OTHER', PDF, htmlFile(), 'a.pdf')).resolves.toMatchObject({ field: 'file', rule: 'fileType' });
    const exe = await checkFile('OTHER', 'image/png', exeFile(), 'a.png');
    expect(exe).toMatchObject({ field: 'file', rule: 'fileType', message: expect.stringContaining('EXE') });
  });

  it("holds each kind to its own list and the declared type to the content's", async () => {
    await expect(checkFile('IMPLEMENTATION_PLAN', 'image/png', pngFile(), 'a.png')).resolves.toMatchObject({ rule: 'fileType' });
    await expect(checkFile('OTHER', PDF, pngFile(), 'a.pdf')).resolves.toMatchObject({ rule: 'fileType' });
    await expect(checkFile('OTHER', 'application/octet-stream', pngFile(), 'scan.png')).resolves.toMatchObject({ label: 'PNG' });
    await expect(checkFile('BUDGET_DETAIL', 'application/zip', await xlsxFile(), 'b.xlsx')).resolves.toMatchObject({ label: 'XLSX' });
  });
});

describe('normaliseFilename', () => {
  it('removes bidirectional overrides, controls and line breaks, and composes to NFC', () => {
    expect(normaliseFilename('invoice\u202Efdp.exe', 'PDF')).toBe('invoicefdp.exe.pdf');
    expect(normaliseFilename('a\r\nContent-Type: text/html\u0000.pdf', 'PDF')).toBe('aContent-Type_ text_html.pdf');
    expect(normaliseFilename('\u2066报告\u2069\u200E.pdf', 'PDF')).toBe('报告.pdf');
    expect(normaliseFilename('cafe\u0301.pdf', 'PDF')).toBe('caf\u00e9.pdf');
  });

  it('shortens a long name to 120 characters keeping the extension, by code points', () => {
    const name = normaliseFilename(`${'报'.repeat(5000)}.docx`, 'DOCX');
    expect([...name]).toHaveLength(120);
    expect(name.endsWith('报.docx')).toBe(true);
    expect(normaliseFilename(`${'😀'.repeat(200)}.png`, 'PNG')).toBe(`${'😀'.repeat(116)}.png`);
  });

  it('gives the name the extension of its real type and never leaves it empty', () => {
    expect(normaliseFilename('../../etc/passwd', 'PDF')).toBe('_.._etc_passwd.pdf');
    expect(normaliseFilename('\u202E', 'PNG')).toBe('附件.png');
    expect(normaliseFilename('photo.JPEG', 'JPG')).toBe('photo.jpeg');
  });
});
