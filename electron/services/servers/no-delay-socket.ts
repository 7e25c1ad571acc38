/**
 * The TCP connection for tedious with Nagle's algorithm off (TCP_NODELAY), as Microsoft's SQL Server clients
 * open theirs. tedious writes each TDS packet on its own; with Nagle on, the last, short segment of every
 * multi-packet request (a package, an .ispac) waits for the ACK of the ones before, which the server's delayed
 * ACK holds back (40 ms on Linux, up to 200 ms on Windows): measured, one such stall per upload.
 */
import { connect, type Socket } from 'node:net';

/** Where tedious asks the connector to connect (after any SQL Server Browser lookup gave the port). */
interface ConnectTarget {
  readonly host?: string;
  readonly port?: number;
  readonly localAddress?: string;
}

/**
 * A tedious `options.connector`. tedious calls it with the target and an AbortSignal (its connect timeout and
 * cancel); its typings declare neither, so `fallback` is where to go without them, and `timeoutMs` bounds an
 * attempt that gets no signal, so a host that does not answer never leaves the connect hanging.
 */
export function noDelayConnector(fallback: { readonly host: string; readonly port: number | undefined }, timeoutMs: number) {
  return (target?: ConnectTarget, _lookup?: unknown, signal?: AbortSignal): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const port = target?.port ?? fallback.port;
      // A named instance without a port has one only from tedious's SQL Server Browser lookup.
      if (port === undefined) return reject(new Error(`No port to connect to on ${target?.host ?? fallback.host}: the SQL Server Browser lookup gave none.`));
      const socket = connect({ host: target?.host ?? fallback.host, port, localAddress: target?.localAddress, noDelay: true, autoSelectFamily: true });
      const timer = signal ? null : setTimeout(() => fail(new Error(`Could not connect to ${fallback.host}:${port} within ${timeoutMs} ms.`)), timeoutMs);
      const settle = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.off('error', fail);
        socket.off('connect', onConnect);
      };
      function fail(e: unknown) {
        settle();
        socket.destroy();
        reject(e);
      }
      function onAbort() {
        fail(signal!.reason);
      }
      function onConnect() {
        settle();
        resolve(socket);
      }
      if (signal?.aborted) return fail(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('error', fail);
      socket.once('connect', onConnect);
    });
}
