/** The rating workflow, a module per concern (src/services/workflow/); callers import it whole. */
export * from './workflow/core';
export * from './workflow/opening';
export * from './workflow/votes';
export * from './workflow/self-assessment';
export * from './workflow/proposal';
export * from './workflow/quota-scope';
export * from './workflow/decision';
export * from './workflow/follow-up';
export * from './workflow/reverification';
export * from './workflow/residence-feedback';
export * from './workflow/dossier';
