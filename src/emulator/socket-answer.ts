// An error answer written straight to a socket that the HTTP server handed over (an upgrade, a
// CONNECT): once it is flushed the socket is destroyed, since an HTTP server's sockets are
// half-open and one nobody reads would otherwise never close (and hold up the server's close).
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorJson, type ErrorAnswer } from './errors.js';

export function answerOnSocket(socket: Duplex, answer: ErrorAnswer): void {
  socket.on('error', () => socket.destroy());
  const body = errorJson(answer);
  const head = `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
  socket.end(head + body, () => socket.destroy());
}
