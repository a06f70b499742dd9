/**
 * A JSON encoder for ExtendScript, which has no JSON object. It covers what our entry points return: plain
 * objects, arrays, strings, finite numbers, booleans and null. Like JSON.stringify it drops undefined and
 * function members and writes non-finite numbers as null, so the panel can JSON.parse the result as is.
 */

const HEX = '0123456789abcdef';

function escapeChar(code: number): string {
  switch (code) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    default:
      return (
        '\\u' +
        HEX.charAt((code >> 12) & 15) +
        HEX.charAt((code >> 8) & 15) +
        HEX.charAt((code >> 4) & 15) +
        HEX.charAt(code & 15)
      );
  }
}

export function quote(text: string): string {
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // U+2028/2029 are legal in JSON but end a line in older JavaScript parsers, so they are escaped too.
    if (code < 0x20 || code === 0x22 || code === 0x5c || code === 0x2028 || code === 0x2029) {
      out += text.substring(runStart, i) + escapeChar(code);
      runStart = i + 1;
    }
  }
  return `${out + text.substring(runStart)}"`;
}

function isArray(value: unknown): value is unknown[] {
  // instanceof fails for arrays made in another engine context; the [[Class]] tag does not.
  return Object.prototype.toString.call(value as object) === '[object Array]';
}

function encode(value: unknown, depth: number): string | undefined {
  if (depth > 64) {
    throw new Error('stringify: nesting deeper than 64 (cycle?)');
  }
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
      return undefined;
  }
  if (isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item = encode(value[i], depth + 1);
      out += (i > 0 ? ',' : '') + (item === undefined ? 'null' : item);
    }
    return `${out}]`;
  }
  const record = value as { [key: string]: unknown };
  let out = '{';
  let first = true;
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) {
      continue;
    }
    const item = encode(record[key], depth + 1);
    if (item === undefined) {
      continue;
    }
    out += `${(first ? '' : ',') + quote(key)}:${item}`;
    first = false;
  }
  return `${out}}`;
}

/** JSON text for `value`; `undefined` and functions at the top level encode as "null". */
export function stringify(value: unknown): string {
  const text = encode(value, 0);
  return text === undefined ? 'null' : text;
}
