// The network helpers' classes (implementations in ./network/, one class per file).
export { HttpClient } from './network/http-client.js';
export { HttpRequestError } from './network/http-request-error.js';
export { RateLimiter } from './network/rate-limiter.js';
export { LoadBalancer } from './network/load-balancer.js';
export { WebSocketManager } from './network/websocket-manager.js';
export type { ManagedWebSocket } from './network/websocket-manager.js';
/** The `ws` package's WebSocket (event-emitter style: ws.on('open', …), WebSocket.OPEN). */
export { WebSocket } from 'ws';
