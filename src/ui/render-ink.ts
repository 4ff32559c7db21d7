// Draws a dashboard with Ink on the terminal and disposes its store once the dashboard is gone.
import type { ReactNode } from 'react';
import { render } from 'ink';
import { colorEnabled } from '../output/colors.js';

export interface InkOptions {
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Stray console output is printed above the dashboard instead of through it (default true). */
  patchConsole?: boolean;
}

export interface InkHandle {
  unmount(): void;
  /** Settles once the dashboard is gone, its store disposed. */
  waitUntilExit(): Promise<void>;
}

/** Renders `view(color)` at most 30 frames a second; `store` is disposed on unmount or exit. */
export function renderInk(store: { dispose(): void }, view: (color: boolean) => ReactNode, options: InkOptions = {}): InkHandle {
  const stdout = options.stdout ?? process.stdout;
  const instance = render(view(colorEnabled(stdout)), {
    stdout,
    stdin: options.stdin ?? process.stdin,
    maxFps: 30,
    // Ctrl-C is the caller's to handle: a key in raw mode, or SIGINT.
    exitOnCtrlC: false,
    patchConsole: options.patchConsole ?? true,
  });
  const exited = instance.waitUntilExit().then(
    () => store.dispose(),
    (error: unknown) => {
      store.dispose();
      throw error;
    },
  );
  return {
    unmount() {
      instance.unmount();
      store.dispose();
    },
    waitUntilExit: () => exited,
  };
}
