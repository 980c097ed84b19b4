/**
 * Decodes Stripe's form encoding (`a[b][0][c]=v`, `expand[]=x`) into nested objects and arrays.
 * Values stay strings; the resource handlers coerce them (see params.ts).
 */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function splitKey(key: string): string[] | null {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  const rest = key.slice(first);
  const re = /\[([^\[\]]*)\]/g;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest)) !== null) {
    if (m.index !== consumed) return null;
    parts.push(m[1]);
    consumed = m.index + m[0].length;
  }
  return consumed === rest.length ? parts : null;
}

type Tree = { [key: string]: Tree | string };

function insert(root: Tree, parts: string[], value: string): void {
  let node = root;
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i];
    if (part === '') part = String(Object.keys(node).length); // `a[]=` appends
    const last = i === parts.length - 1;
    if (last) {
      node[part] = value;
      return;
    }
    const next = node[part];
    if (typeof next !== 'object') node[part] = {};
    node = node[part] as Tree;
  }
}

/** Objects whose keys are exactly 0..n-1 become arrays. */
function normalise(tree: Tree | string): FormValue {
  if (typeof tree === 'string') return tree;
  const keys = Object.keys(tree);
  const isArray = keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
  if (isArray) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => normalise(tree[String(k)]));
  }
  const out: FormObject = {};
  for (const k of keys) out[k] = normalise(tree[k]);
  return out;
}

export function decodeForm(body: string): FormObject {
  const root: Tree = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = splitKey(rawKey);
    if (!parts || parts[0] === '' || parts.some((p) => FORBIDDEN.has(p))) continue;
    insert(root, parts, value);
  }
  return normalise(root) as FormObject;
}
