import { proxyActivities } from '@temporalio/workflow';
import type { DocumentPdfActivities } from '../activities/document-pdf.activities';
import type { IssuedPdf } from './contracts';

// Printing starts a browser the first time in a worker: a longer first attempt than a decision's.
const { issueDocumentPdf } = proxyActivities<DocumentPdfActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
});

/**
 * Issues one stored document's PDF: a single retried activity, so the rendering runs on a worker
 * (which holds the browser), never in the API and never in workflow code. The API starts it when
 * a PDF is first asked for (id `document-pdf-<documentId>`, an existing run reused) and waits for
 * its result; the activity stores the PDF once, so a second run finds it and returns at once.
 */
export async function documentPdfWorkflow(documentId: string): Promise<IssuedPdf> {
  return issueDocumentPdf({ documentId });
}
