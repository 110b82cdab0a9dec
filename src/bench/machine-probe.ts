import { fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * How fast the machine is at the time of a run, apart from the code measured: a fixed computation, and one byte sent
 * back and forth between two processes over a Unix socket — what each statement and answer of a request costs beside
 * its work, and what moves most between the hours of a virtual machine (a write that wakes a process on the other
 * core). The bench prints it before and after its scenarios, so that runs of different hours or machines are read
 * with it beside them.
 */
export interface MachineProbe {
  /** A fixed computation: SHA-256 of 256 MB. */
  computeMs: number;
  /** One round trip between two processes over a Unix socket, the median of 20 batches of 250. */
  roundTripUs: number;
}

const ECHO = 'machine-probe-echo';

export async function probeMachine(): Promise<MachineProbe> {
  return { computeMs: computeMs(), roundTripUs: await roundTripUs() };
}

function computeMs(): number {
  const block = Buffer.alloc(1 << 20, 7);
  const start = process.hrtime.bigint();
  for (let i = 0; i < 256; i++) createHash('sha256').update(block).digest();
  return Math.round(Number(process.hrtime.bigint() - start) / 1e6);
}

async function roundTripUs(batches = 20, perBatch = 250): Promise<number> {
  const socketPath = path.join(os.tmpdir(), `probe-${randomBytes(6).toString('hex')}.sock`);
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const echo = fork(__filename, [ECHO, socketPath], { stdio: 'ignore' });
  let socket: net.Socket | null = null;
  try {
    const s = (socket = await new Promise<net.Socket>((resolve) => server.once('connection', resolve)));
    s.setNoDelay(true);
    const times: number[] = [];
    // One unmeasured batch first: the child's first answers come while it is still starting.
    for (let b = 0; b <= batches; b++) {
      const start = process.hrtime.bigint();
      await new Promise<void>((resolve) => {
        let left = perBatch;
        const onData = (data: Buffer) => {
          left -= data.length;
          if (left > 0) s.write('x');
          else {
            s.off('data', onData);
            resolve();
          }
        };
        s.on('data', onData);
        s.write('x');
      });
      if (b > 0) times.push(Number(process.hrtime.bigint() - start) / 1e3 / perBatch);
    }
    times.sort((a, b) => a - b);
    return Math.round(times[Math.floor(times.length / 2)] * 10) / 10;
  } finally {
    socket?.destroy();
    echo.kill();
    server.close();
    fs.rmSync(socketPath, { force: true });
  }
}

// The other process of the round trip: it sends back what it receives.
if (process.argv[2] === ECHO) {
  const socket = net.connect(process.argv[3]);
  socket.setNoDelay(true);
  socket.on('data', (data) => socket.write(data));
  socket.on('error', () => process.exit(0));
}
