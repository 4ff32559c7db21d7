// Sending a deploy's files to a host: ask which of their sha256 it lacks, then PUT only those, a few
// at a time. A host that already has a bundle (any earlier version's) never receives it again.
import { UserError } from '../errors.js';
import type { HostClient } from './host-client.js';

/** One file of a deploy, named by the sha256 of its bytes: a bundle or its source map. */
export interface DeployFile {
  sha256: string;
  bytes: Buffer;
}

export interface UploadResult {
  /** Distinct files of the deploy. */
  total: number;
  uploaded: number;
  uploadedBytes: number;
}

const PARALLEL_UPLOADS = 4;
const UPLOAD_TIMEOUT_MS = 120_000;

/** Each sha256 once (two functions may share a bundle). */
function distinct(files: readonly DeployFile[]): Map<string, DeployFile> {
  return new Map(files.map((file) => [file.sha256, file]));
}

/** POST /_neosl/bundles/missing: which of the files the host lacks (only ones asked about). */
export async function missingFiles(client: HostClient, files: readonly DeployFile[]): Promise<DeployFile[]> {
  const byHash = distinct(files);
  const answer = await client.request<{ missing?: unknown }>('POST', '/_neosl/bundles/missing', { sha256: [...byHash.keys()] });
  if (!Array.isArray(answer?.missing)) {
    throw new UserError(`${client.url}/_neosl/bundles/missing answered without a "missing" list: is it a neosl serve host as new as this neosl?`, { code: 'NOT_A_NEOSL_HOST' });
  }
  const missing = new Set(answer.missing.filter((sha): sha is string => typeof sha === 'string'));
  return [...byHash.values()].filter((file) => missing.has(file.sha256));
}

/** PUT each file, PARALLEL_UPLOADS at a time; the first failure stops the rest and is thrown. */
export async function putFiles(client: HostClient, files: readonly DeployFile[], onUploaded?: (file: DeployFile) => void): Promise<void> {
  const queue = [...files];
  let failed = false;
  const worker = async (): Promise<void> => {
    for (let file = queue.shift(); file !== undefined && !failed; file = queue.shift()) {
      try {
        await client.request('PUT', `/_neosl/bundles/${file.sha256}`, undefined, { raw: file.bytes, timeoutMs: UPLOAD_TIMEOUT_MS });
      } catch (error) {
        failed = true;
        throw error;
      }
      onUploaded?.(file);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_UPLOADS, files.length) }, worker));
}

/** Uploads the files the host lacks; says how many of how many went, and their size. */
export async function uploadMissing(client: HostClient, files: readonly DeployFile[], onUploaded?: (file: DeployFile) => void): Promise<UploadResult> {
  const missing = await missingFiles(client, files);
  await putFiles(client, missing, onUploaded);
  return { total: distinct(files).size, uploaded: missing.length, uploadedBytes: missing.reduce((sum, file) => sum + file.bytes.byteLength, 0) };
}
