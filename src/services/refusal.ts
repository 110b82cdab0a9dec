import { Finding } from '../rules';

/** A user error in the payload convention: stable code, field path, message, rule and clause, figures. */
export interface UserErrorShape {
  code: string;
  field: string[];
  message: string;
  rule: string | null;
  source: string | null;
  figures: Record<string, unknown> | null;
}

/** Thrown inside a transaction to refuse a mutation: the transaction rolls back and the payload lists the errors. */
export class Refusal extends Error {
  constructor(readonly userErrors: UserErrorShape[]) {
    super(userErrors.map((e) => e.message).join('; '));
  }
}

export function refuse(code: string, message: string, field: string[] = ['input'], figures: Record<string, unknown> | null = null): never {
  throw new Refusal([{ code, field, message, rule: null, source: null, figures }]);
}

/** Refuses with one user error per finding of the rules engine. */
export function refuseWith(code: string, findings: Finding[], field: string[] = ['input']): never {
  throw new Refusal(findings.map((f) => ({ code, field, message: f.message, rule: f.rule, source: f.source, figures: f.figures })));
}
