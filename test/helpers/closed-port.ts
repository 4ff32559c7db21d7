// A port on 127.0.0.1 that was free a moment ago: connecting to it is refused (a server that is down).
export { freePort as closedPort } from './free-port.js';
