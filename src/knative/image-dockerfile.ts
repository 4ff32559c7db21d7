// The image build context's Dockerfile and .dockerignore (neosl deploy --target knative): an official
// Node 20 slim base, neosl installed from the packed tarball in the context (no dev dependencies), the
// built project copied to /app, and `neosl serve --from-dir /app` run as the non-root user "node".

/** Where the built project (neosl.yaml and dist/) sits in the image; the Knative Services serve it. */
export const IMAGE_APP_DIR = '/app';
/** The port the image's server listens on (the Knative Services' containerPort). */
export const IMAGE_PORT = 8080;
/** The official base image: Node 20 (neosl's engine) on Debian bookworm, slim. */
export const IMAGE_BASE = 'node:20-bookworm-slim';
/** The image's entrypoint: the neosl that `npm install` put into /app/node_modules. */
export const IMAGE_ENTRYPOINT: readonly string[] = ['node', `${IMAGE_APP_DIR}/node_modules/neosl/bin/neosl.js`];
/** The image's default arguments: every function of the project, its own schedules and chain triggers. */
export const IMAGE_SERVE_ARGS: readonly string[] = ['serve', '--from-dir', IMAGE_APP_DIR, '--host', '0.0.0.0', '--port', String(IMAGE_PORT)];
/** The host's working folder, writable by "node": `neosl serve` keeps its store (.neosl/host) there. */
export const IMAGE_STATE_DIR = '/var/lib/neosl';

const json = (value: readonly string[]): string => JSON.stringify(value).replaceAll('","', '", "');

export function imageDockerfile(projectName: string): string {
  return `# The container image of the neosl project "${projectName}", written by "neosl deploy --target knative".
# Build it from this folder:  docker build -t <image> .
# It holds neosl (from the packed tarball in vendor/: neosl is not on the public registry), the
# project's neosl.yaml and the bundles "neosl build" wrote, and no TypeScript sources, .env or
# node_modules of the project. Environment values and secrets come from the pod (ConfigMap, Secret).
FROM ${IMAGE_BASE}

ENV NODE_ENV=production
WORKDIR ${IMAGE_APP_DIR}
# Dependencies first, so that a change to the functions alone reuses this layer.
COPY package.json ./
COPY vendor ./vendor
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
# Bundles import packages they left external (native addons) from ${IMAGE_APP_DIR}/node_modules.
COPY app/ ${IMAGE_APP_DIR}/

# The host's state (embedded cache, database and chain under .neosl/host) lives in its working folder;
# the user "node" may write there and nowhere in ${IMAGE_APP_DIR}.
RUN mkdir -p ${IMAGE_STATE_DIR} && chown node:node ${IMAGE_STATE_DIR}
WORKDIR ${IMAGE_STATE_DIR}
USER node

EXPOSE ${IMAGE_PORT}
ENTRYPOINT ${json(IMAGE_ENTRYPOINT)}
CMD ${json(IMAGE_SERVE_ARGS)}
`;
}

/** Only what the Dockerfile copies is sent to the builder; never a .env or node_modules dropped in later. */
export function imageDockerignore(): string {
  return `# Only what the Dockerfile copies goes to the image builder.
*
!Dockerfile
!package.json
!vendor/
!app/
# Never these, even if someone puts them here.
**/.env
**/.env.*
**/node_modules
**/.neosl
`;
}
