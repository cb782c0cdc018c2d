// Freezes the JavaScript built-ins before any sample code exists, so that a sample cannot change what the tests
// compare with (Array.prototype.every, JSON.stringify, Object.is, iterators...) or what the harness calls. The
// global names of the built-ins are locked too (`JSON = {...}` no longer replaces JSON).
//
// Freezing alone would break honest code through JavaScript's "override mistake": assigning `this.name = 'X'`
// in an Error subclass, or `Foo.prototype.toString = ...`, throws once the inherited property is read-only. So,
// as SES does, the properties ordinary code overrides become accessors first: reading gives the built-in,
// assigning on any other object defines that object's own property.

const CONSTRUCTORS = [
  'Object', 'Function', 'Array', 'Number', 'Boolean', 'String', 'Symbol', 'BigInt', 'Date', 'Promise', 'RegExp', 'Map', 'Set',
  'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Proxy', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array',
  'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array',
  'BigInt64Array', 'BigUint64Array',
];
// Their prototypes are frozen, not the constructors: Node itself sets Error.stackTraceLimit and may set
// Error.prepareStackTrace, and neither decides a case.
const ERRORS = ['Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError'];
const NAMESPACES = ['JSON', 'Math', 'Reflect', 'Atomics', 'Intl'];
const FUNCTIONS = ['parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURI', 'encodeURIComponent', 'decodeURI', 'decodeURIComponent', 'structuredClone', 'queueMicrotask'];
const VALUES = ['NaN', 'Infinity', 'undefined', 'globalThis'];

/** Properties honest code assigns on its own objects that a built-in prototype also has. */
const OVERRIDABLE = {
  Object: '*',
  Function: ['constructor', 'name', 'toString', 'bind', 'call', 'apply'],
  Array: ['constructor', 'toString', 'push', 'join', 'concat'],
  Promise: ['constructor', 'then'],
  Error: ['constructor', 'message', 'name', 'toString'],
};

function enableOverride(proto, key) {
  const desc = Object.getOwnPropertyDescriptor(proto, key);
  if (!desc || !('value' in desc) || !desc.configurable) return;
  const value = desc.value;
  Object.defineProperty(proto, key, {
    get() {
      return value;
    },
    set(next) {
      if (this === proto) throw new TypeError(`Cannot assign to read only property '${String(key)}' of a built-in prototype`);
      Object.defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
    },
    enumerable: desc.enumerable,
    configurable: false,
  });
}

/** The hidden intrinsics reachable only through instances: iterators, generators, async functions, %TypedArray%. */
function hiddenIntrinsics() {
  const arrayIterator = Object.getPrototypeOf([][Symbol.iterator]());
  const generator = Object.getPrototypeOf(function* g() {});
  const asyncGenerator = Object.getPrototypeOf(async function* g() {});
  return [
    arrayIterator, Object.getPrototypeOf(arrayIterator), Object.getPrototypeOf(new Map()[Symbol.iterator]()),
    Object.getPrototypeOf(new Set()[Symbol.iterator]()), Object.getPrototypeOf(''[Symbol.iterator]()),
    Object.getPrototypeOf(/x/[Symbol.matchAll]('')), generator, generator.prototype, asyncGenerator, asyncGenerator.prototype,
    Object.getPrototypeOf(async () => {}), Object.getPrototypeOf(Int8Array),
  ];
}

function freezeDeep(root, seen) {
  const stack = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) continue;
    seen.add(value);
    Object.freeze(value);
    stack.push(Object.getPrototypeOf(value));
    for (const key of Reflect.ownKeys(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, key);
      if (!desc) continue;
      if ('value' in desc) stack.push(desc.value);
      else stack.push(desc.get, desc.set);
    }
  }
}

/** Freezes the built-ins and locks their global names; `extra` objects (node:assert, console) too. */
export function lockdown(extra = []) {
  for (const [name, keys] of Object.entries(OVERRIDABLE)) {
    const proto = globalThis[name].prototype;
    for (const key of keys === '*' ? Reflect.ownKeys(proto) : keys) enableOverride(proto, key);
  }
  for (const name of ERRORS) for (const key of OVERRIDABLE.Error) enableOverride(globalThis[name].prototype, key);
  const seen = new Set(ERRORS.map((name) => globalThis[name]));
  for (const name of ERRORS) freezeDeep(globalThis[name].prototype, seen);
  for (const name of [...CONSTRUCTORS, ...NAMESPACES, ...FUNCTIONS]) if (globalThis[name] !== undefined) freezeDeep(globalThis[name], seen);
  for (const hidden of [...hiddenIntrinsics(), ...extra]) freezeDeep(hidden, seen);
  for (const name of [...CONSTRUCTORS, ...ERRORS, ...NAMESPACES, ...FUNCTIONS, ...VALUES]) {
    const desc = Object.getOwnPropertyDescriptor(globalThis, name);
    if (desc?.configurable) Object.defineProperty(globalThis, name, { value: globalThis[name], writable: false, enumerable: false, configurable: false });
  }
}

/** Locks one global name to a value (console, require...). */
export function lockGlobal(name, value) {
  Object.defineProperty(globalThis, name, { value, writable: false, enumerable: false, configurable: false });
}
