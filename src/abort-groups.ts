// Waiting items grouped by their caller's AbortSignal: one listener per signal however many items share it (a
// batch of 256 checks shares one), removed with the group's last item. On abort the group's items still in it
// are handed over at once.
export interface AbortGroups<T> {
  add(item: T, signal: AbortSignal): void;
  /** The item no longer needs watching (it started, or settled). */
  delete(item: T, signal: AbortSignal): void;
}

export function abortGroups<T>(onAbort: (items: T[], reason: unknown) => void): AbortGroups<T> {
  const groups = new Map<AbortSignal, { items: Set<T>; listener: () => void }>();
  return {
    add(item, signal) {
      let group = groups.get(signal);
      if (!group) {
        const items = new Set<T>();
        const listener = (): void => {
          groups.delete(signal);
          onAbort([...items], signal.reason);
        };
        group = { items, listener };
        groups.set(signal, group);
        signal.addEventListener('abort', listener, { once: true });
      }
      group.items.add(item);
    },
    delete(item, signal) {
      const group = groups.get(signal);
      if (!group?.items.delete(item) || group.items.size > 0) return;
      groups.delete(signal);
      signal.removeEventListener('abort', group.listener);
    },
  };
}
