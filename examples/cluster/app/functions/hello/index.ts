// Answers on every replica alike (nginx picks one per request).
import type { NeoHttpFunction } from '@neo-service/sdk/function';

export const hello: NeoHttpFunction = (request) => ({
  statusCode: 200,
  body: { message: `Hello, ${request.query.name ?? 'world'}!` },
});
