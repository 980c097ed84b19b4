import { ScalarType, type DescEnum, type DescField, type DescMessage, type DescService } from '@bufbuild/protobuf';
import type { JsonSchema } from './json-schema';

/**
 * The Connect RPC routes (CONTRACT §9) in the OpenAPI document: one operation per service route, its `{method}` one of
 * the service's methods, request and response bodies the messages in Connect's JSON mapping (proto3 JSON: lowerCamelCase
 * names, enums by name, 64-bit integers as strings, Timestamp as RFC 3339) or binary protobuf, and errors as Connect's
 * error body. The schemas are derived from the descriptors generated from proto/, so they cannot drift from them.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const CONNECT_ERROR = 'ConnectError';

export interface RpcOperationParts {
  description: string;
  requestBody: { required: true; description: string; content: Record<string, { schema: JsonSchema }> };
  success: { description: string; content: Record<string, { schema: JsonSchema }> };
  errorContent: Record<string, { schema: JsonSchema }>;
}

export function rpcOperationParts(service: DescService): RpcOperationParts {
  const methods = service.methods.map((m) => `\`${m.name}\` (${m.input.typeName} → ${m.output.typeName})`).join(', ');
  const proto = { schema: { type: 'string', contentMediaType: 'application/proto', description: 'The message in the protobuf binary encoding' } };
  return {
    description:
      `Connect protocol, unary (https://connectrpc.com/docs/protocol): \`POST /rpc/${service.typeName}/{method}\` with the request message as ` +
      '`application/json` (Connect\'s JSON mapping) or `application/proto` (binary). Methods: ' +
      `${methods}. The .proto files are in proto/ of the repository. Each method obeys the scope and role rules of its REST twin. ` +
      'Refusals are Connect errors (`{ code, message, details }`; `details[0]` is an `argus.errors.v1.ErrorInfo` with the contract\'s code, the request id and refused fields, also as JSON under `debug`).',
    requestBody: {
      required: true,
      description: 'The method\'s request message',
      content: { 'application/json': { schema: { oneOf: service.methods.map((m) => ref(m.input.typeName)) } }, 'application/proto': proto },
    },
    success: {
      description: 'The method\'s response message',
      content: { 'application/json': { schema: { oneOf: service.methods.map((m) => ref(m.output.typeName)) } }, 'application/proto': proto },
    },
    errorContent: { 'application/json': { schema: ref(CONNECT_ERROR) } },
  };
}

/** `components.schemas` for the services' messages (named by their full proto name) and the Connect error body. */
export function rpcComponentSchemas(services: readonly DescService[]): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {
    [CONNECT_ERROR]: {
      type: 'object',
      description: "Connect's error body (unary calls answer errors as JSON whatever the request's encoding).",
      required: ['code'],
      properties: {
        code: { type: 'string', enum: ['invalid_argument', 'unauthenticated', 'permission_denied', 'not_found', 'already_exists', 'failed_precondition', 'resource_exhausted', 'internal'] },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            properties: { type: { type: 'string', examples: ['argus.errors.v1.ErrorInfo'] }, value: { type: 'string', description: 'base64 of the detail message' }, debug: { type: 'object', description: 'The detail as JSON' } },
          },
        },
      },
    },
  };
  const visit = (message: DescMessage) => {
    if (out[message.typeName] || WELL_KNOWN[message.typeName]) return;
    out[message.typeName] = { type: 'object', title: message.name, properties: Object.fromEntries(message.fields.map((f) => [f.jsonName, fieldSchema(f, visit)])) };
  };
  for (const service of services) for (const method of service.methods) [method.input, method.output].forEach(visit);
  return out;
}

const WELL_KNOWN: Record<string, JsonSchema> = {
  'google.protobuf.Timestamp': { type: 'string', format: 'date-time', description: 'RFC 3339, UTC' },
  'google.protobuf.Struct': { type: 'object', description: 'Any JSON object' },
};

function fieldSchema(field: DescField, visit: (m: DescMessage) => void): JsonSchema {
  switch (field.fieldKind) {
    case 'scalar':
      return scalarSchema(field.scalar);
    case 'enum':
      return enumSchema(field.enum);
    case 'message':
      return messageSchema(field.message, visit);
    case 'list': {
      const items = field.listKind === 'scalar' ? scalarSchema(field.scalar) : field.listKind === 'enum' ? enumSchema(field.enum) : messageSchema(field.message, visit);
      return { type: 'array', items };
    }
    case 'map': {
      const values = field.mapKind === 'scalar' ? scalarSchema(field.scalar) : field.mapKind === 'enum' ? enumSchema(field.enum) : messageSchema(field.message, visit);
      return { type: 'object', additionalProperties: values };
    }
  }
}

function messageSchema(message: DescMessage, visit: (m: DescMessage) => void): JsonSchema {
  const known = WELL_KNOWN[message.typeName];
  if (known) return known;
  visit(message);
  return ref(message.typeName);
}

function enumSchema(desc: DescEnum): JsonSchema {
  return { type: 'string', enum: desc.values.map((v) => v.name), description: `${desc.typeName} (by name; its number is accepted too)` };
}

function scalarSchema(type: ScalarType): JsonSchema {
  switch (type) {
    case ScalarType.STRING:
      return { type: 'string' };
    case ScalarType.BOOL:
      return { type: 'boolean' };
    case ScalarType.BYTES:
      return { type: 'string', contentEncoding: 'base64' };
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return { type: 'number' };
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return { type: 'string', pattern: '^-?[0-9]+$', description: '64-bit integer, as a string' };
    default:
      return { type: 'integer' };
  }
}
