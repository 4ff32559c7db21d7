// The guide's example "Scaling 2. Load Balancing", verbatim between the markers; what is around it fills in
// the helpers and free variables the guide leaves out.
import { LoadBalancer } from '@neo-service/sdk';

// --- guide example ---
// Load balancer configuration
const loadBalancer = new LoadBalancer({
  targets: [
    { url: 'http://service-1', weight: 1 },
    { url: 'http://service-2', weight: 1 }
  ],
  strategy: 'round-robin',
  healthCheck: {
    path: '/health',
    interval: 30000
  }
});
// --- end of guide example ---

export { loadBalancer };
