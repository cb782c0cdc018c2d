// Heap still in use after a full collection: what a stream really holds, not garbage not yet collected.
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

export function retainedHeap(): number {
  gc();
  return process.memoryUsage().heapUsed;
}
