import { proxyActivities } from '@temporalio/workflow';
import { PDF_ACTIVITY } from './activity-options';
import type { DocumentPdfActivities } from '../activities/document-pdf.activities';
import type { IssuedPdf } from './contracts';

const { issueDocumentPdf } = proxyActivities<DocumentPdfActivities>(PDF_ACTIVITY);

/**
 * Issues one stored document's PDF: a single retried activity, so the rendering runs on a worker
 * (which holds the browser), never in the API and never in workflow code. The API starts it when
 * a PDF is first asked for (id `document-pdf-<documentId>`, an existing run reused) and waits for
 * its result; the activity stores the PDF once, so a second run finds it and returns at once.
 */
export async function documentPdfWorkflow(documentId: string): Promise<IssuedPdf> {
  return issueDocumentPdf({ documentId });
}
