// A signal that aborts when the client goes away before its answer is sent. Not fastify's request.signal: in
// Node 20 the request emits 'close' as soon as its body has been read, so that fires on every POST. The
// response's 'close' comes when the answer is sent or the connection dies; only the latter leaves it unfinished.
import type { FastifyReply } from 'fastify';
import { FlywheelError } from '../errors.ts';

export function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const gone = (): void => {
    if (!reply.raw.writableFinished) controller.abort(new FlywheelError('FLY_CANCELLED', 'the client closed the connection before the answer'));
  };
  if (reply.raw.destroyed) gone();
  else reply.raw.once('close', gone);
  return controller.signal;
}
