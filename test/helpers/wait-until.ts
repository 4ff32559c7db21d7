// Polling for something a test waits on (a leader elected, a notification heard): every 50 ms
// until the condition holds, failing with what was awaited after a generous timeout (the machine's
// cores are shared, so no test relies on how soon).
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
