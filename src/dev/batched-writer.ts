// Lines written within one turn of the event loop go out in one write: under load, a line per
// request written one by one costs the emulator more than the request itself.
export interface BatchedWriter {
  (text: string): void;
  flush(): void;
}

export function batchedWriter(stream: { write(chunk: string): unknown }): BatchedWriter {
  let pending = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    stream.write(text);
  };
  const write = ((text: string) => {
    pending += text;
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  }) as BatchedWriter;
  write.flush = flush;
  return write;
}
