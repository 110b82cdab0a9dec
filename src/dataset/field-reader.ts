import { DatasetProblem } from './format';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * Reads the fields of one record of an untrusted file, noting every problem with its path instead
 * of stopping at the first, so that a user sees all that is wrong with a file at once.
 */
export class FieldReader {
  constructor(
    private readonly record: Record<string, unknown>,
    readonly path: string,
    private readonly problems: DatasetProblem[],
    allowed: readonly string[],
  ) {
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) this.problem(key, `unknown field (allowed: ${allowed.join(', ')})`);
    }
  }

  static forRecord(value: unknown, path: string, problems: DatasetProblem[], allowed: readonly string[]): FieldReader | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ path, message: 'must be an object' });
      return null;
    }
    return new FieldReader(value as Record<string, unknown>, path, problems, allowed);
  }

  problem(field: string, message: string): void {
    this.problems.push({ path: field ? `${this.path}.${field}` : this.path, message });
  }

  has(field: string): boolean {
    return this.record[field] !== undefined && this.record[field] !== null;
  }

  string(field: string): string;
  string(field: string, optional: true): string | undefined;
  string(field: string, optional = false): string | undefined {
    const v = this.record[field];
    if (v === undefined || v === null) {
      if (!optional) this.problem(field, 'is required');
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.problem(field, 'must be a non-empty string');
      return undefined;
    }
    return v.trim();
  }

  oneOf<T extends string>(field: string, values: readonly T[]): T | undefined;
  oneOf<T extends string>(field: string, values: readonly T[], optional: true): T | undefined;
  oneOf<T extends string>(field: string, values: readonly T[], optional = false): T | undefined {
    const v = optional ? this.string(field, true) : this.string(field);
    if (v === undefined) return undefined;
    if (!values.includes(v as T)) {
      this.problem(field, `"${v}" is not one of ${values.join(', ')}`);
      return undefined;
    }
    return v as T;
  }

  date(field: string): string | undefined;
  date(field: string, optional: true): string | undefined;
  date(field: string, optional = false): string | undefined {
    const v = optional ? this.string(field, true) : this.string(field);
    if (v === undefined) return undefined;
    if (!isIsoDate(v)) {
      this.problem(field, `"${v}" is not a date (YYYY-MM-DD)`);
      return undefined;
    }
    return v;
  }

  integer(field: string, min: number, max: number): number | undefined {
    const v = this.record[field];
    if (v === undefined || v === null) {
      this.problem(field, 'is required');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.problem(field, `must be a whole number from ${min} to ${max}`);
      return undefined;
    }
    return v;
  }

  boolean(field: string): boolean | undefined {
    const v = this.record[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.problem(field, 'must be true or false');
      return undefined;
    }
    return v;
  }

  strings(field: string): string[] {
    const v = this.record[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.problem(field, 'must be a list of strings');
      return [];
    }
    const out: string[] = [];
    v.forEach((item, i) => {
      if (typeof item !== 'string' || item.trim() === '')
        this.problems.push({ path: `${this.path}.${field}[${i}]`, message: 'must be a non-empty string' });
      else out.push(item.trim());
    });
    return out;
  }

  raw(field: string): unknown {
    return this.record[field];
  }

  /** `later` must not be before `earlier` (both ISO dates, so string order is date order). */
  notBefore(laterField: string, later: string | undefined, earlierField: string, earlier: string | undefined): void {
    if (later && earlier && later < earlier) this.problem(laterField, `${later} is before ${earlierField} ${earlier}`);
  }
}
