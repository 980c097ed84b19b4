import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { readConfig } from '../config';

/**
 * One S3 client per container (like shared/db/client.ts). The endpoint comes from the SDK's own settings:
 * `AWS_ENDPOINT_URL_S3` locally, where the emulator listens on 127.0.0.1 and so can only be addressed path-style
 * (`/<bucket>/<key>`); on AWS the variable is unset and the SDK uses virtual-hosted-style addressing.
 */
const { AWS_ENDPOINT_URL_S3: localEndpoint } = readConfig({ AWS_ENDPOINT_URL_S3: z.url().optional() });

export const s3 = new S3Client({
  forcePathStyle: localEndpoint !== undefined,
  // Checksums only where an operation requires one or the caller gives one: a presigned PUT must not carry a
  // checksum the SDK computed over an empty body, and ours bind the client's own SHA-256 (shared/sync/upload-url.ts).
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
