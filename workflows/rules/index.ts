// Pure domain rules shared by the Temporal workflows and the API; nothing here touches I/O,
// the clock or randomness.
export * from './credit-code';
export * from './region';
export * from './money';
export * from './rating';
export * from './round-rules';
export * from './eligibility';
export * from './stages';
export * from './iso-instant';
export * from './scoring';
export * from './allocation';
export * from './assignment';
export * from './working-days';
export * from './application-rules';
export * from './tranche-schedule';
export * from './report-plan';
export * from './change-rules';
export * from './evaluation';
export * from './closeout';
export * from './deciders';
export * from './name-on-record';
export * from './attachment-kinds';
export * from './submission-checks';
export * from './decision-rules';
export * from './region-names';
export * from './notification-topics';
