// The part of fontkit (which ships no types) that pdf-tounicode.ts uses.
declare module 'fontkit' {
  export interface Font {
    postscriptName: string;
    characterSet: number[];
    glyphForCodePoint(codePoint: number): { id: number };
  }
  export interface FontCollection {
    fonts: Font[];
  }
  export function openSync(path: string, postscriptName?: string): Font | FontCollection;
}
