/** A TCP listener that serves one emulated SQL Server instance. */
import { createServer, type Server, type Socket } from 'node:net';
import { Connection } from './connection.js';
import { FaultCounter } from './fault-counter.js';
import { DEFAULT_LIMITS, type ServerOptions } from './options.js';

/** SQL Server hands out session ids from 51 up (lower ones are system sessions). */
const FIRST_SPID = 51;

export class TdsServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  /** Rollbacks of closed connections still running; close() waits for them before the engine closes. */
  private readonly cleanups = new Set<Promise<void>>();
  private readonly faults: FaultCounter;
  private nextSpid = FIRST_SPID;

  constructor(private readonly options: ServerOptions) {
    this.faults = new FaultCounter(options.faults.dropAfter);
    this.server = createServer((socket) => this.accept(socket));
  }

  private accept(socket: Socket): void {
    const max = (this.options.limits ?? DEFAULT_LIMITS).maxConnections;
    if (this.connections.size >= max) {
      this.options.log?.(`[${this.options.engine.serverName}] refusing a connection: ${max} are open`);
      socket.destroy();
      return;
    }
    const spid = this.nextSpid;
    this.nextSpid = this.nextSpid >= 32767 ? FIRST_SPID : this.nextSpid + 1;
    const c = new Connection(socket, this.options, spid, this.faults, (done) => {
      this.connections.delete(done);
      const cleanup = done.cleanup;
      this.cleanups.add(cleanup);
      void cleanup.finally(() => this.cleanups.delete(cleanup));
    });
    this.connections.add(c);
  }

  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        this.server.on('error', (e) => this.options.log?.(`listener error: ${e.message}`));
        const addr = this.server.address();
        if (addr === null || typeof addr === 'string') reject(new Error('listener has no TCP address'));
        else resolve({ host: addr.address, port: addr.port });
      });
    });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Stops listening and closes every open connection. */
  async close(): Promise<void> {
    for (const c of [...this.connections]) c.close('the server is stopping', true);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.allSettled([...this.cleanups]);
  }
}
