// The workflow bundle's entry point: every workflow the worker runs is exported here.
export { roundWorkflow } from './round.workflow';
export { projectWorkflow } from './project.workflow';
export { implementationWorkflow } from './implementation.workflow';
export { documentPdfWorkflow } from './document-pdf.workflow';
