// The guide's example "Network 1. HTTP Client", verbatim between the markers; what is around it fills in
// the helpers and free variables the guide leaves out.
import { HttpClient } from '@neo-service/sdk';
import { createTestContext } from '@neo-service/sdk/testing';

// fill-in: the guide's snippet uses a `context` from its surroundings.
export const t = await createTestContext();
const context = t.context;

// --- guide example ---
// Configure HTTP client
const client = new HttpClient({
  timeout: 5000,
  keepAlive: true,
  maxSockets: 50,
  retry: {
    attempts: 3,
    backoff: 'exponential'
  }
});

// Make requests
async function makeRequest(url: string) {
  try {
    const response = await client.get(url);
    return response.data;
  } catch (error) {
    if (error.isTimeout) {
      context.logger.warn('Request timeout', { url });
    }
    throw error;
  }
}
// --- end of guide example ---

export { client, makeRequest };
