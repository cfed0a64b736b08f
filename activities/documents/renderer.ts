/**
 * Renders the platform's official documents (文书) from Handlebars templates into standalone
 * HTML pages. Called from activities, so the output is a pure function of the input: the date
 * and the document number arrive in the data, and the hash lets a caller store the page once
 * and recognise a retry that rendered the same bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Handlebars from 'handlebars';
import { DOCUMENT_HELPER_NAMES, registerDocumentHelpers } from './helpers';
import { IMPLEMENTATION_HELPER_NAMES, registerImplementationHelpers } from './implementation-helpers';
import { validateDocumentData } from './validation';
import type { Label } from '../../workflows/rules/stages';
import type { DocumentDataByKind } from './document-data';

export { DocumentDataError } from './document-data';
export type * from './document-data';

/**
 * Each kind's template is `templates/documents/<kind in kebab-case>.hbs`. DOCUMENT_KINDS holds the
 * documents from application to agreement; those of implementation and closeout are in
 * IMPLEMENTATION_DOCUMENT_KINDS, and ALL_DOCUMENT_KINDS is every kind the renderer knows.
 */
export const DOCUMENT_KINDS = {
  ACCEPTANCE_RECEIPT: { zh: '申报受理回执', en: 'acceptance receipt' },
  RETURN_NOTICE: { zh: '补正通知书', en: 'notice to correct and resubmit' },
  REJECTION_NOTICE: { zh: '不予受理（驳回）通知书', en: 'rejection notice' },
  PUBLIC_NOTICE: { zh: '公示公告', en: 'public notice' },
  AGREEMENT: { zh: '项目协议书', en: 'project agreement' },
} as const satisfies Partial<Record<keyof DocumentDataByKind, Label>>;

export const IMPLEMENTATION_DOCUMENT_KINDS = {
  DISBURSEMENT_NOTICE: { zh: '资金拨付通知书', en: 'disbursement notice' },
  REPORT_RECEIPT: { zh: '报告受理回执', en: 'report acceptance receipt' },
  EVALUATION_REPORT: { zh: '评估报告', en: 'evaluation report' },
  CLOSEOUT_CERTIFICATE: { zh: '结项证书', en: 'closeout certificate' },
  TERMINATION_NOTICE: { zh: '项目终止通知书', en: 'termination notice' },
} as const satisfies Partial<Record<keyof DocumentDataByKind, Label>>;

export const ALL_DOCUMENT_KINDS = {
  ...DOCUMENT_KINDS,
  ...IMPLEMENTATION_DOCUMENT_KINDS,
} as const satisfies Record<keyof DocumentDataByKind, Label>;

export type DocumentKind = keyof typeof ALL_DOCUMENT_KINDS;

export interface RenderedDocument {
  title: string;
  html: string;
  /** Hex SHA-256 of `html` as UTF-8. */
  sha256: string;
}

const LAYOUT_FILE = join('templates', 'documents', 'layout.hbs');

/**
 * The templates folder, found by walking up from `from`: the same code runs from the sources
 * (activities/documents) and compiled (dist/activities/documents), at different depths.
 */
export function findTemplatesDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, LAYOUT_FILE))) return dirname(join(dir, LAYOUT_FILE));
    if (dirname(dir) === dir) throw new Error(`${LAYOUT_FILE} not found in ${from} or any parent folder`);
  }
}

export function templateFileName(kind: DocumentKind): string {
  return `${kind.toLowerCase().replace(/_/g, '-')}.hbs`;
}

const COMPILE_OPTIONS: CompileOptions = {
  // Unknown helpers fail when a template is compiled rather than printing nothing.
  knownHelpers: Object.fromEntries([...DOCUMENT_HELPER_NAMES, ...IMPLEMENTATION_HELPER_NAMES].map((name) => [name, true])),
  knownHelpersOnly: true,
  strict: false,
  noEscape: false,
};

interface Engine {
  layout: HandlebarsTemplateDelegate;
  bodies: Map<DocumentKind, HandlebarsTemplateDelegate>;
  dir: string;
  hbs: typeof Handlebars;
}

let engine: Engine | undefined;

// Built once per process: an isolated environment, so helpers or partials that another module
// registers on the global Handlebars cannot change a document.
function getEngine(): Engine {
  if (engine) return engine;
  const dir = findTemplatesDir();
  const hbs = Handlebars.create();
  registerDocumentHelpers(hbs);
  registerImplementationHelpers(hbs);
  const partialsDir = join(dir, 'partials');
  for (const file of readdirSync(partialsDir)
    .filter((f) => f.endsWith('.hbs'))
    .sort()) {
    hbs.registerPartial(basename(file, '.hbs'), hbs.compile(readFileSync(join(partialsDir, file), 'utf8'), COMPILE_OPTIONS));
  }
  const layout = hbs.compile(readFileSync(join(dir, 'layout.hbs'), 'utf8'), COMPILE_OPTIONS);
  engine = { layout, bodies: new Map(), dir, hbs };
  return engine;
}

function bodyTemplate(e: Engine, kind: DocumentKind): HandlebarsTemplateDelegate {
  let template = e.bodies.get(kind);
  if (!template) {
    template = e.hbs.compile(readFileSync(join(e.dir, templateFileName(kind)), 'utf8'), COMPILE_OPTIONS);
    e.bodies.set(kind, template);
  }
  return template;
}

/**
 * Validates `data` for `kind` (throwing DocumentDataError with every missing or malformed field)
 * and renders the document inside the common layout.
 */
export function renderDocument<K extends DocumentKind>(kind: K, data: DocumentDataByKind[K]): RenderedDocument {
  if (!Object.hasOwn(ALL_DOCUMENT_KINDS, kind)) throw new RangeError(`unknown document kind: ${String(kind)}`);
  validateDocumentData(kind, data);
  const e = getEngine();
  const title = ALL_DOCUMENT_KINDS[kind].zh;
  const runtime = { data: { documentKind: kind } };
  const body = bodyTemplate(e, kind)(data, runtime);
  // The body is already escaped by its own template; the layout inserts it raw so that it is
  // not escaped twice. No user-entered value reaches the layout unescaped.
  const html = e.layout({ title, documentNo: data.documentNo, kind, body }, runtime);
  return { title, html, sha256: createHash('sha256').update(html, 'utf8').digest('hex') };
}
