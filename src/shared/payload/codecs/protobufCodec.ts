import { Namespace, parse, Type } from 'protobufjs';
import { fail, ok, type CodecResult } from './codec';
import { parseJson } from './jsonCodec';

/** A .proto file's text and the message type (full name, e.g. "lab.Reading") a payload holds. */
export type ProtobufSchema = { source: string; type: string };

/**
 * Protobuf through protobufjs. It compiles its decoders with `new Function`, which the UI's
 * Content Security Policy rightly forbids, so these run in the engine and the UI calls them there.
 */
export function protobufTypes(source: string): CodecResult<string[]> {
  try {
    const names: string[] = [];
    const visit = (namespace: Namespace) => {
      for (const nested of namespace.nestedArray) {
        if (nested instanceof Type) names.push(nested.fullName.replace(/^\./, ''));
        if (nested instanceof Namespace) visit(nested);
      }
    };
    visit(parse(source, { keepCase: true }).root);
    return names.length > 0 ? ok(names) : fail('The .proto file defines no message type');
  } catch (error) {
    return fail(`The .proto file does not parse: ${(error as Error).message}`);
  }
}

function lookup(schema: ProtobufSchema): CodecResult<Type> {
  try {
    return ok(parse(schema.source, { keepCase: true }).root.lookupType(schema.type));
  } catch (error) {
    return fail(`No message type ${schema.type} in the .proto file: ${(error as Error).message}`);
  }
}

export function decodeProtobuf(schema: ProtobufSchema, bytes: Uint8Array): CodecResult<string> {
  const type = lookup(schema);
  if (!type.ok) return type;
  try {
    const message = type.value.decode(bytes);
    const object = type.value.toObject(message, { longs: String, enums: String, bytes: String });
    return ok(JSON.stringify(object, null, 2));
  } catch (error) {
    return fail(`Not valid ${schema.type} protobuf: ${(error as Error).message}`);
  }
}

/**
 * JSON in the message type's shape (64-bit integers may be strings, bytes are base64, enums are
 * names) to its wire form. protobufjs converts whatever it is given (a word where a number
 * belongs becomes NaN, unknown fields vanish), so the message is read back and compared with the
 * JSON: the first field that did not survive is the error.
 */
export function encodeProtobuf(schema: ProtobufSchema, text: string): CodecResult<Uint8Array> {
  const type = lookup(schema);
  if (!type.ok) return type;
  const value = parseJson(text);
  if (!value.ok) return value;
  if (value.value === null || typeof value.value !== 'object' || Array.isArray(value.value)) return fail(`A ${schema.type} is written as a JSON object`);
  try {
    const message = type.value.fromObject(value.value);
    const readBack = type.value.toObject(message, { longs: String, enums: String, bytes: String, defaults: true });
    const problem = firstDifference(value.value, readBack, '');
    if (problem) return fail(`Does not fit ${schema.type}: ${problem}`);
    return ok(type.value.encode(message).finish().slice());
  } catch (error) {
    return fail(`Does not fit ${schema.type}: ${(error as Error).message}`);
  }
}

function firstDifference(given: unknown, kept: unknown, path: string): string | undefined {
  if (Array.isArray(given)) {
    if (!Array.isArray(kept)) return `${path || 'the value'} is not a list here`;
    for (let i = 0; i < given.length; i += 1) {
      const problem = firstDifference(given[i], kept[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (given !== null && typeof given === 'object') {
    if (kept === null || typeof kept !== 'object') return `${path || 'the value'} is not a message here`;
    for (const [key, item] of Object.entries(given)) {
      const field = path ? `${path}.${key}` : key;
      if (!(key in kept)) return `no field ${field}`;
      const problem = firstDifference(item, (kept as Record<string, unknown>)[key], field);
      if (problem) return problem;
    }
    return undefined;
  }
  return String(given) === String(kept) ? undefined : `${path} cannot be ${JSON.stringify(given)}`;
}
