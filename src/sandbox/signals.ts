// SIGINT/SIGTERM close every open sandbox before the process goes, so no container outlives it. One handler
// per signal serves all sandboxes of the process (closing them together, then letting the signal take its
// course); it is installed while at least one sandbox is open and removed with the last one.
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

const closers = new Set<() => Promise<void>>();

function onSignal(signal: NodeJS.Signals): void {
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  const pending = [...closers].map((close) => close());
  closers.clear();
  void Promise.allSettled(pending).then(() => {
    // Re-raised only when nobody else listens: then the default action ends the process as the signal meant.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

/** Registers `close` to run on SIGINT/SIGTERM; returns the function that unregisters it. */
export function closeOnSignals(close: () => Promise<void>): () => void {
  if (closers.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  closers.add(close);
  return () => {
    if (!closers.delete(close)) return;
    if (closers.size === 0) for (const s of SIGNALS) process.removeListener(s, onSignal);
  };
}
