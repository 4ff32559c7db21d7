// The guide's example "Scaling 3. Rate Limiting", verbatim between the markers; what is around it fills in
// the helpers and free variables the guide leaves out.
import { RateLimiter } from '@neo-service/sdk';
import type { NeoFunction } from '@neo-service/sdk/function';

// --- guide example ---
// Configure rate limiter
const rateLimiter = new RateLimiter({
  windowMs: 60000,
  max: 100,
  message: 'Too many requests'
});

// Apply rate limiting
export const rateLimitedFunction: NeoFunction = async (input, context) => {
  // Check rate limit
  await rateLimiter.checkLimit(context.requestId);
  
  // Process request
  return processRequest(input);
};
// --- end of guide example ---

// fill-in
async function processRequest(input: any) {
  return { ok: true, input };
}

export { rateLimiter };
