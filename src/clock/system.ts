// The wall clock, for real clusters (and for a simulator served over HTTP, which keeps its own time).
import type { Clock } from './port.js';

export class SystemClock implements Clock {
  now(): number {
    return Date.now() / 1000;
  }

  sleep(seconds: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError());
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, seconds) * 1000);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Real time passes on its own: wait for something to happen. Never reports a still world. */
  async idle(wake: Promise<void>): Promise<boolean> {
    await wake;
    return true;
  }
}

function abortError(): Error {
  const error = new Error('The sleep was aborted');
  error.name = 'AbortError';
  return error;
}
