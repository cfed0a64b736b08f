// Pure domain rules shared by the Temporal workflows and the API; nothing here touches I/O,
// the clock or randomness.
export * from './credit-code';
export * from './region';
export * from './money';
export * from './rating';
export * from './round-rules';
export * from './eligibility';
export * from './stages';
