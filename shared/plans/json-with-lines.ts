/**
 * JSON.parse that also remembers where each value starts, so a catalog error can name its line: the value at
 * `plans.2.metrics.minutes` is "line 41, column 7". Strict JSON (RFC 8259), no comments; a syntax error is reported
 * with its own line and column. Small on purpose: the catalog is a few hundred lines.
 */
export interface Position {
  line: number;
  column: number;
}

export interface ParsedJson {
  value: unknown;
  /** Where the value at `path` starts (keys: dotted paths, `''` the root; array items by index). */
  positions: Map<string, Position>;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: Position,
  ) {
    super(message);
  }
}

export function pathKey(path: ReadonlyArray<PropertyKey>): string {
  return path.map(String).join('.');
}

export function parseJsonWithLines(text: string): ParsedJson {
  const positions = new Map<string, Position>();
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const here = (): Position => ({ line, column: i - lineStart + 1 });
  const fail = (message: string): never => {
    throw new JsonSyntaxError(`${message} at line ${line}, column ${i - lineStart + 1}`, here());
  };
  const skipSpace = () => {
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\n') {
        line++;
        i++;
        lineStart = i;
      } else if (c === ' ' || c === '\t' || c === '\r') i++;
      else break;
    }
  };
  const expect = (c: string) => {
    if (text[i] !== c) fail(`expected "${c}" but found ${text[i] === undefined ? 'the end of the file' : `"${text[i]}"`}`);
    i++;
  };

  const parseString = (): string => {
    const start = i;
    expect('"');
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') fail('unterminated string');
      i += text[i] === '\\' ? 2 : 1;
    }
    expect('"');
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      i = start;
      return fail('invalid string escape');
    }
  };

  const parseValue = (path: string[]): unknown => {
    skipSpace();
    positions.set(pathKey(path), here());
    const c = text[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      skipSpace();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        skipSpace();
        const keyAt = here();
        const key = parseString();
        if (Object.prototype.hasOwnProperty.call(out, key)) {
          throw new JsonSyntaxError(`duplicate key "${key}" at line ${keyAt.line}, column ${keyAt.column}`, keyAt);
        }
        skipSpace();
        expect(':');
        out[key] = parseValue([...path, key]);
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect('}');
        return out;
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      skipSpace();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(parseValue([...path, String(out.length)]));
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect(']');
        return out;
      }
    }
    if (c === '"') return parseString();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!literal) return fail(c === undefined ? 'unexpected end of the file' : `unexpected "${c}"`);
    i += literal[0].length;
    return JSON.parse(literal[0]) as unknown;
  };

  const value = parseValue([]);
  skipSpace();
  if (i < text.length) fail(`unexpected "${text[i]}" after the end of the document`);
  return { value, positions };
}

/** The position of `path`, or of its nearest ancestor that exists (a missing field is reported where its object starts). */
export function positionOf(parsed: ParsedJson, path: ReadonlyArray<PropertyKey>): Position | undefined {
  for (let n = path.length; n >= 0; n--) {
    const found = parsed.positions.get(pathKey(path.slice(0, n)));
    if (found) return found;
  }
  return undefined;
}
