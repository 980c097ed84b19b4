import { invalidParam, invalidRequest, missingParam } from './errors';
import type { FormObject, FormValue } from './form-decode';

/**
 * Typed readers over decoded form params. `name` is the full Stripe param path used in errors
 * (e.g. `line_items[0][price]`), so a bad value yields a 400 naming the exact param.
 */
export class Params {
  constructor(
    readonly raw: FormObject,
    private readonly prefix = '',
  ) {}

  private name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  /** Stripe rejects unknown parameters; so do we (top level of this object only). */
  allowOnly(keys: readonly string[]): this {
    for (const key of Object.keys(this.raw)) {
      if (!keys.includes(key)) {
        throw invalidRequest(`Received unknown parameter: ${this.name(key)}`, this.name(key), 'parameter_unknown');
      }
    }
    return this;
  }

  str(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw invalidParam(this.name(key), `Invalid string: ${this.name(key)}`);
    return v;
  }

  reqStr(key: string): string {
    const v = this.str(key);
    if (v === undefined || v === '') throw missingParam(this.name(key));
    return v;
  }

  int(key: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw invalidParam(this.name(key), `Invalid integer: ${v}`);
    const n = Number(v);
    if (n < min || n > max) {
      throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must be between ${min} and ${max}`);
    }
    return n;
  }

  decimal(key: string): string | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (!/^-?\d+(\.\d+)?$/.test(v)) throw invalidParam(this.name(key), `Invalid decimal: ${v}`);
    return v;
  }

  bool(key: string): boolean | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') throw invalidParam(this.name(key), `Invalid boolean: ${v}`);
    return v === 'true';
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.str(key);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) {
      throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must be one of ${allowed.join(', ')}`);
    }
    return v as T;
  }

  obj(key: string): Params | undefined {
    const v = this.raw[key];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) {
      throw invalidParam(this.name(key), `Invalid object: ${this.name(key)}`);
    }
    return new Params(v, this.name(key));
  }

  list(key: string): Params[] | undefined {
    const v = this.raw[key];
    if (v === undefined || v === '') return undefined;
    if (!Array.isArray(v)) throw invalidParam(this.name(key), `Invalid array: ${this.name(key)}`);
    return v.map((item, i) => {
      if (typeof item !== 'object' || Array.isArray(item)) {
        throw invalidParam(`${this.name(key)}[${i}]`, `Invalid object: ${this.name(key)}[${i}]`);
      }
      return new Params(item, `${this.name(key)}[${i}]`);
    });
  }

  strList(key: string): string[] | undefined {
    const v: FormValue | undefined = this.raw[key];
    if (v === undefined || v === '') return undefined;
    const arr = Array.isArray(v) ? v : [v];
    return arr.map((item, i) => {
      if (typeof item !== 'string') throw invalidParam(`${this.name(key)}[${i}]`, 'Invalid string');
      return item;
    });
  }

  /** Metadata update semantics: `''` clears all, a key set to `''` is removed, others are merged. */
  metadata(current: Record<string, string> = {}): Record<string, string> | undefined {
    const v = this.raw.metadata;
    if (v === undefined) return undefined;
    if (v === '') return {};
    if (typeof v !== 'object' || Array.isArray(v)) throw invalidParam(this.name('metadata'), 'Invalid metadata');
    const out = { ...current };
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== 'string') throw invalidParam(`${this.name('metadata')}[${k}]`, 'Invalid metadata value');
      if (val === '') delete out[k];
      else out[k] = val;
    }
    return out;
  }
}
