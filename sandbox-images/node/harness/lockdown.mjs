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

/** Everything frozen or hardened so far (and the Error constructors, left alone): each is done once. */
const done = new WeakSet();

function freezeDeep(root, seen = done) {
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
  for (const name of ERRORS) done.add(globalThis[name]);
  for (const name of ERRORS) freezeDeep(globalThis[name].prototype);
  for (const name of [...CONSTRUCTORS, ...NAMESPACES, ...FUNCTIONS]) if (globalThis[name] !== undefined) freezeDeep(globalThis[name]);
  for (const hidden of [...hiddenIntrinsics(), ...extra]) freezeDeep(hidden);
  for (const name of [...CONSTRUCTORS, ...ERRORS, ...NAMESPACES, ...FUNCTIONS, ...VALUES]) {
    const desc = Object.getOwnPropertyDescriptor(globalThis, name);
    if (desc?.configurable) Object.defineProperty(globalThis, name, { value: globalThis[name], writable: false, enumerable: false, configurable: false });
  }
}

/** Locks one global name to a value (console, require...). */
export function lockGlobal(name, value) {
  Object.defineProperty(globalThis, name, { value, writable: false, enumerable: false, configurable: false });
}

// ---- Node's own objects: built-in modules and the globals Node adds ----

const TYPED_ARRAY_PROTOTYPE = Object.getPrototypeOf(Uint8Array.prototype);

/** Objects met as some function's `prototype`. */
const prototypes = new WeakSet();

/** An object that is some function's `prototype` (its methods are what instances share). */
function isPrototype(value) {
  if (prototypes.has(value)) return true;
  if (!Object.hasOwn(value, 'constructor')) return false;
  const ctor = value.constructor;
  return typeof ctor === 'function' && ctor.prototype === value;
}

/** A plain object: a module's exports, a namespace like util.types, a table of constants. */
function isNamespace(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

const PROMISIFY_CACHE = Symbol.for('nodejs.util.promisify.custom');

/**
 * Own properties read-only and fixed. The function stays extensible, and its util.promisify.custom as it was:
 * util.promisify defines that on the function it hands out (setTimeout's is timers/promises' setTimeout).
 * `name` and `length` are read-only already and decide nothing (fixing them on every method costs milliseconds).
 */
function lockOwn(fn) {
  for (const key of Reflect.ownKeys(fn)) {
    if (key === PROMISIFY_CACHE || key === 'name' || key === 'length') continue;
    const desc = Object.getOwnPropertyDescriptor(fn, key);
    if (desc && (desc.configurable || desc.writable)) Object.defineProperty(fn, key, 'value' in desc ? { writable: false, configurable: false } : { configurable: false });
  }
}

/**
 * A prototype's properties fixed, and no new ones. Data properties become overridable accessors (as in lockdown:
 * an instance still assigns `this._read = ...`), but a typed array's (Buffer's: its instances never take own
 * properties, and making its methods accessors costs V8 milliseconds per job). What Node made non-configurable
 * yet writable (EventEmitter's capture flag, which every new emitter assigns) stays writable.
 */
function hardenPrototype(proto) {
  const overridable = !TYPED_ARRAY_PROTOTYPE.isPrototypeOf(proto);
  for (const key of Reflect.ownKeys(proto)) {
    const desc = Object.getOwnPropertyDescriptor(proto, key);
    if (!desc?.configurable) continue;
    if (overridable && 'value' in desc) enableOverride(proto, key);
    else Object.defineProperty(proto, key, 'value' in desc ? { writable: false, configurable: false } : { configurable: false });
  }
  Object.preventExtensions(proto);
}

/**
 * Hardens what a built-in module or one of Node's globals exposes, so that a sample cannot change it under the
 * tests (`util.isDeepStrictEqual = ...`, `Buffer.compare = ...`, `Buffer.prototype.equals = ...`): plain objects
 * are frozen, prototypes fixed (see hardenPrototype), and functions keep their own properties read-only, all the
 * way down. Instances (an http Agent, `performance`) are state, Node's and their owner's: left as they are.
 */
export function harden(root) {
  const stack = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || done.has(value)) continue;
    const kind = typeof value === 'function' ? 'function' : isPrototype(value) ? 'prototype' : isNamespace(value) ? 'namespace' : null;
    if (kind === null) continue;
    done.add(value);
    if (kind === 'prototype') hardenPrototype(value);
    if (kind === 'function') {
      const proto = Object.getOwnPropertyDescriptor(value, 'prototype')?.value;
      if (proto !== null && typeof proto === 'object') prototypes.add(proto);
      lockOwn(value);
    } else if (kind === 'namespace') {
      Object.freeze(value);
    }
    stack.push(Object.getPrototypeOf(value));
    for (const key of Reflect.ownKeys(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, key);
      if (!desc) continue;
      if ('value' in desc) stack.push(desc.value);
      else stack.push(desc.get, desc.set);
    }
  }
}

/**
 * Node's globals a test may compare with or rely on, besides the built-ins: hardened, and their names locked.
 * Some are lazy (their first read loads them). Those that cost a job milliseconds to load and decide no
 * comparison are left as Node has them (performance, web streams, Blob, DOMException, the messaging classes,
 * WebAssembly, undici's fetch and Headers); the host's gate still refuses a write to any global.
 */
const NODE_GLOBALS = [
  'Buffer', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'atob', 'btoa', 'AbortController', 'AbortSignal', 'Event',
  'EventTarget', 'escape', 'unescape', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate',
];
/** Globals whose name is locked but whose value is live state. */
const NODE_STATE = ['process'];

export function lockNodeGlobals() {
  for (const name of [...NODE_GLOBALS, ...NODE_STATE]) {
    const value = globalThis[name];
    if (value === undefined) continue;
    if (NODE_GLOBALS.includes(name)) harden(value);
    lockGlobal(name, value);
  }
  lockGlobal('global', globalThis);
}
