// Generated _id values: 24 hex characters laid out like a MongoDB ObjectId (4-byte seconds,
// 5 random bytes per process or worker, 3-byte counter), so they sort roughly by insertion time
// and append to the primary key's B-tree.
import { randomBytes, randomInt } from 'node:crypto';

const processPart = randomBytes(5).toString('hex');
let counter = randomInt(0x1000000);
let lastSecond = -1;
let secondPart = '';

export function generateId(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    secondPart = (second >>> 0).toString(16).padStart(8, '0');
  }
  counter = (counter + 1) & 0xffffff;
  return secondPart + processPart + counter.toString(16).padStart(6, '0');
}
