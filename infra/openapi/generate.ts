import path from 'node:path';
import { version } from '../../package.json';
import { routes } from '../routes';
import { buildOpenApiDocument } from './build-document';
import { loadRouteSpecs } from './load-route-specs';

/** The committed document: `npm run openapi` writes it, the local runner serves it at `GET /openapi.json`. */
export const OPENAPI_PATH = path.resolve(__dirname, 'openapi.json');

/** The document as committed: stable key order (route-table order), two-space JSON, trailing newline. */
export function generateOpenApiJson(): string {
  return `${JSON.stringify(buildOpenApiDocument(routes, loadRouteSpecs(routes), version), null, 2)}\n`;
}
