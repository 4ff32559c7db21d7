// The container image the manifests run: --image checked against the OCI/Docker reference grammar
// (github.com/distribution/reference), or a local default named after the project and its build.
import { UserError } from '../errors.js';

const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
/** The name part (registry and repository) may be at most 255 characters. */
const MAX_NAME_LENGTH = 255;

export interface ImageReference {
  reference: string;
  name: string;
  tag?: string;
  digest?: string;
}

/** Why `text` is not an image reference, or undefined when it is one. */
export function imageReferenceProblem(text: string): string | undefined {
  if (text.trim() === '') return 'it is empty';
  if (/\s/.test(text)) return 'it contains a space';
  const match = REFERENCE.exec(text);
  if (match === null) {
    if (/^[a-z]+:\/\//i.test(text)) return 'it is a URL: write the registry without a scheme, e.g. ghcr.io/acme/app:1.0';
    const repository = text.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
    const path = repository.includes('/') && /[.:]|^localhost\//.test(repository.split('/')[0]!) ? repository.split('/').slice(1).join('/') : repository;
    if (/[A-Z]/.test(path)) return 'the repository name must be lower case';
    return 'expected [registry[:port]/]repository[:tag][@sha256:digest], e.g. ghcr.io/acme/app:1.0';
  }
  if (match[1]!.length > MAX_NAME_LENGTH) return `the repository name is longer than ${MAX_NAME_LENGTH} characters`;
  return undefined;
}

export function parseImageReference(text: string): ImageReference {
  const problem = imageReferenceProblem(text);
  if (problem !== undefined) {
    throw new UserError(`--image "${text}" is not a valid image reference: ${problem}`, {
      code: 'IMAGE_INVALID',
      hint: 'name the image you push, e.g. --image ghcr.io/acme/my-app:1.0 or --image registry.example.com:5000/team/my-app@sha256:…',
    });
  }
  const match = REFERENCE.exec(text)!;
  return { reference: text, name: match[1]!, ...(match[2] !== undefined ? { tag: match[2] } : {}), ...(match[3] !== undefined ? { digest: match[3] } : {}) };
}

/** `<project>:<first 8 hex of the version hash>`: a local name until the user pushes the image somewhere. */
export function defaultImage(projectDnsName: string, versionHash: string): string {
  return `${projectDnsName}:${versionHash.slice(0, 8)}`;
}
