/**
 * A small JSON Schema validator for the keywords schema/report.v1.json uses
 * (type, const, enum, properties, required, additionalProperties, items,
 * minimum, oneOf, local $ref). A dependency for this would be larger than the
 * schema; anything else in a schema is refused, so the schema cannot silently
 * use a keyword this does not check.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set(['$schema', '$id', 'title', 'description', '$defs', 'type', 'const', 'enum', 'properties', 'required',
  'additionalProperties', 'items', 'minimum', 'oneOf', '$ref']);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const typeMatches = (value: unknown, type: string): boolean =>
  typeOf(value) === type || (type === 'number' && typeOf(value) === 'integer');

/** Every violation of `schema` by `value`, as "path: what"; [] when valid. */
export function validate(value: unknown, schema: Schema, root: Schema = schema, path = '$'): string[] {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`schema keyword not supported by this validator: ${key}`);
  if (typeof schema['$ref'] === 'string') {
    const name = /^#\/\$defs\/(.+)$/.exec(schema['$ref'])?.[1];
    const target = name ? (root['$defs'] as Record<string, Schema>)[name] : undefined;
    if (!target) throw new Error(`unresolved $ref ${schema['$ref']}`);
    return validate(value, target, root, path);
  }
  const errors: string[] = [];
  const types = schema['type'] === undefined ? null : ([] as string[]).concat(schema['type'] as string | string[]);
  if (types && !types.some((t) => typeMatches(value, t))) return [`${path}: expected ${types.join(' or ')}, got ${typeOf(value)}`];
  if ('const' in schema && value !== schema['const']) errors.push(`${path}: expected ${JSON.stringify(schema['const'])}`);
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema['enum'])}`);
  if (typeof schema['minimum'] === 'number' && typeof value === 'number' && value < schema['minimum']) errors.push(`${path}: below ${schema['minimum']}`);
  if (Array.isArray(schema['oneOf'])) {
    const passing = (schema['oneOf'] as Schema[]).filter((s) => validate(value, s, root, path).length === 0).length;
    if (passing !== 1) errors.push(`${path}: matches ${passing} of the oneOf alternatives, not exactly one`);
  }
  if (typeOf(value) === 'array' && schema['items']) {
    (value as unknown[]).forEach((item, k) => errors.push(...validate(item, schema['items'] as Schema, root, `${path}[${k}]`)));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
    for (const key of (schema['required'] ?? []) as string[]) if (!(key in object)) errors.push(`${path}: missing ${key}`);
    for (const [key, v] of Object.entries(object)) {
      if (properties[key]) errors.push(...validate(v, properties[key], root, `${path}.${key}`));
      else if (schema['additionalProperties'] === false) errors.push(`${path}: unexpected property ${key}`);
      else if (typeof schema['additionalProperties'] === 'object') errors.push(...validate(v, schema['additionalProperties'] as Schema, root, `${path}.${key}`));
    }
  }
  return errors;
}
