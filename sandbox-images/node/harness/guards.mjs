// What a sample could reach below JavaScript through Node's own API, refused before any sample code exists:
// files of /proc (the harness's memory, where the channel's nonce is), the process's signals (SIGUSR1 opens the
// inspector on 127.0.0.1, which even a container without a network has) and its error hooks.
//
// A path is judged as the kernel will read it: a string, a Buffer or a file: URL is made a string or a private
// copy once (a URL through Node's own conversion, percent-escapes decoded), resolved through the longest prefix
// that exists (symbolic links, `..` after them, the real working directory), and that copy is what the call gets,
// so no getter can show the guard one path and fs another. No sample makes a symbolic link: one made after the
// check could not be followed by it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { types } from 'node:util';

const { isProxy, isUint8Array } = types;
const { normalize } = path.posix;
const fromBytes = Buffer.from;
const PROC = /^\/proc(\/|$)/;
/** Functions whose second argument is a path too. */
const TWO_PATHS = new Set(['rename', 'link', 'copyFile', 'cp', 'symlink']);
const NO_LINKS = new Set(['symlink']);

function refusal(message) {
  const err = new Error(`a sample may not ${message}`);
  err.code = 'ERR_FLYWHEEL_REFUSED';
  return err;
}

/** `path` as Node will use it, in a form no one else holds: a string, a Buffer copy, or the value itself (an fd). An
 * object that is not a file: URL (a FileHandle given to fs.promises.readFile) is refused. */
function pathArgument(value) {
  if (typeof value === 'string') return value;
  if (isUint8Array(value)) return fromBytes(value);
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  if (isProxy(value)) throw refusal('name a file with a proxy');
  // Whatever Node takes for a URL, read once by Node's own conversion (which throws for anything else): the
  // string it gives is what fs gets.
  return fileURLToPath(value);
}

/**
 * The path as the kernel resolves it, as latin1 text of its bytes: the longest prefix that exists through
 * realpath (links, `..` after a link), the rest as written (it does not exist, so the call fails there).
 */
function resolvedPath(realpath, value) {
  let head = (typeof value === 'string' ? fromBytes(value, 'utf8') : value).toString('latin1');
  let tail = '';
  for (;;) {
    try {
      const real = realpath(fromBytes(head, 'latin1'), { encoding: 'latin1' });
      return normalize(tail === '' ? real : `${real}/${tail}`);
    } catch {
      // not there (yet): try its parent
    }
    const trimmed = head.replace(/\/+$/, '');
    if (trimmed === '' || trimmed === '.') return normalize(`/${tail}`);
    const cut = trimmed.lastIndexOf('/');
    tail = tail === '' ? trimmed.slice(cut + 1) : `${trimmed.slice(cut + 1)}/${tail}`;
    head = cut < 0 ? '.' : cut === 0 ? '/' : trimmed.slice(0, cut);
  }
}

/**
 * Replaces every function of an fs API object (fs, fs.promises) by one that checks its path arguments and
 * passes them on as checked. `realpath` is fs.realpathSync.native, taken before.
 */
export function guardFiles(api, realpath) {
  const check = (value) => {
    const checked = pathArgument(value);
    if ((typeof checked === 'string' || isUint8Array(checked)) && PROC.test(resolvedPath(realpath, checked))) {
      throw refusal(`open ${String(checked).slice(0, 200)}: it is in /proc`);
    }
    return checked;
  };
  const wrapped = new Map();
  const wrap = (name, fn) => {
    if (wrapped.has(fn)) return wrapped.get(fn);
    const base = name.replace(/Sync$/, '');
    const paths = TWO_PATHS.has(base) ? 2 : 1;
    const guarded = function guarded(...args) {
      if (NO_LINKS.has(base)) throw refusal('make symbolic links');
      for (let i = 0; i < paths && i < args.length; i++) args[i] = check(args[i]);
      return Reflect.apply(fn, this, args);
    };
    wrapped.set(fn, guarded);
    // realpathSync.native, exists[promisify.custom] and their kin come along, guarded the same way.
    for (const key of Reflect.ownKeys(fn)) {
      if (key === 'length' || key === 'name' || key === 'prototype') continue;
      const desc = Object.getOwnPropertyDescriptor(fn, key);
      if (desc && typeof desc.value === 'function') desc.value = wrap(name, desc.value);
      if (desc) Object.defineProperty(guarded, key, desc);
    }
    Object.defineProperty(guarded, 'name', { value: fn.name });
    return guarded;
  };
  for (const [name, fn] of Object.entries(api)) {
    if (typeof fn !== 'function' || /^[A-Z]/.test(name)) continue;
    api[name] = wrap(name, fn);
  }
  return check;
}

/**
 * Locks what of `process` decides the harness's own outcome: uncaught errors go to `uncaught` (a capture
 * callback no one else can replace or clear, ahead of any 'uncaughtException' listener, and _fatalException, which
 * Node's C++ reads from the process object, stays Node's); no signals (SIGUSR1 would open the inspector); no
 * debugger; a working directory in /proc is refused. `checkPath` is the files guard's check.
 */
export function guardProcess(proc, uncaught, checkPath) {
  proc.setUncaughtExceptionCaptureCallback(uncaught);
  const chdir = proc.chdir;
  const refuse = (what) => function refused() {
    throw refusal(what);
  };
  const locked = {
    setUncaughtExceptionCaptureCallback: refuse('replace the handler of uncaught errors'),
    _fatalException: proc._fatalException,
    reallyExit: proc.reallyExit,
    kill: refuse('send signals'),
    _debugProcess: refuse('start a debugger'),
    _debugEnd: refuse('start a debugger'),
    chdir: function chdirGuarded(directory) {
      return Reflect.apply(chdir, proc, [checkPath(directory)]);
    },
  };
  for (const [name, value] of Object.entries(locked)) {
    Object.defineProperty(proc, name, { value, writable: false, enumerable: false, configurable: false });
  }
}
