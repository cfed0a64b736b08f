import { unstorableFields } from './validation';

describe('unstorableFields', () => {
  it('names NUL characters and lone surrogates at their dotted paths', () => {
    expect(unstorableFields({ narrative: 'ok\u0000', spending: [{ type: 'A', note: 'x\ud800' }] }).map((e) => [e.field, e.rule])).toEqual([
      ['narrative', 'storableText'],
      ['spending.0.note', 'storableText'],
    ]);
  });

  it('keeps valid text, including characters outside the BMP', () => {
    expect(unstorableFields({ title: '社区服务 𠀀 🙂', n: 3, ok: true })).toEqual([]);
  });

  it('refuses null fields instead of letting them pass as absent', () => {
    expect(unstorableFields({ matchingFunds: null, lines: [null] }).map((e) => e.field)).toEqual(['matchingFunds', 'lines.0']);
    expect(unstorableFields(null)).toEqual([]);
  });
});
