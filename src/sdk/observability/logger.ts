// context.logger: structured records with level, time, requestId and fields, handed to a sink
// (the test context's array, or the host's event stream).
import type { LogLevel, LogRecord, Logger } from '../context.js';
import { serializeFields } from './serialize-fields.js';

export type LogSink = (record: LogRecord) => void;

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(options: { requestId: string; functionName: string; sink: LogSink; minLevel?: LogLevel }): Logger {
  const { requestId, functionName, sink } = options;
  const minRank = levelRank[options.minLevel ?? 'debug'];
  const emit = (level: LogLevel) => (message: string, fields?: object) => {
    if (levelRank[level] < minRank) return;
    sink({ level, message: String(message), time: Date.now(), requestId, functionName, fields: serializeFields(fields) });
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
