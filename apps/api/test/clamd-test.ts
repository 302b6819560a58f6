import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClamdScanner } from '../src/modules/evidence/clamd-scanner';

/** The EICAR anti-virus test file (68 bytes): every scanner must detect it, none may treat it as real. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
/** Bytes our own test signature (custom.ndb) matches anywhere in a file. */
export const CUSTOM_SIGNATURE_TEXT = 'MADOGUCHI-TEST-SIGNATURE-7f3a';

const CANDIDATES = [process.env.CLAMD_BIN, '/usr/sbin/clamd', '/usr/local/sbin/clamd', '/usr/bin/clamd'];

/** Where clamd is installed, or why the scanner tests cannot run (then they are skipped, unless CI requires them). */
export function findClamd(): { bin: string } | { missing: string } {
  const bin = CANDIDATES.find((candidate): candidate is string =>
    Boolean(candidate && existsSync(candidate)),
  );
  return bin
    ? { bin }
    : { missing: 'clamd is not installed (Debian: apt-get install clamav-daemon; or set CLAMD_BIN)' };
}

/**
 * clamd started for a test file with its own configuration: a Unix socket in a temporary directory, in the
 * foreground, with a signature database made for the tests only (EICAR by its hash, and a custom body
 * signature), so nothing is downloaded. stop() and start() simulate the scanner going away and coming back.
 */
export class TestClamd {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-clamd-'));
  readonly socket = path.join(this.dir, 'clamd.sock');
  private child: ChildProcess | undefined;
  private readonly config = path.join(this.dir, 'clamd.conf');

  constructor(private readonly bin: string) {
    const db = path.join(this.dir, 'db');
    mkdirSync(db);
    // MD5:size:name — the hash signature of the EICAR file.
    writeFileSync(path.join(db, 'eicar.hdb'), `44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature\n`);
    // name:target(0 = any):offset(* = anywhere):hex — a body signature of our own.
    writeFileSync(
      path.join(db, 'custom.ndb'),
      `Madoguchi.Test.Custom:0:*:${Buffer.from(CUSTOM_SIGNATURE_TEXT).toString('hex')}\n`,
    );
    writeFileSync(
      this.config,
      [
        `LocalSocket ${this.socket}`,
        `DatabaseDirectory ${db}`,
        `TemporaryDirectory ${this.dir}`,
        `PidFile ${path.join(this.dir, 'clamd.pid')}`,
        'Foreground yes',
        'LogTime yes',
        // Bigger than any test upload; a file over it is answered "size limit exceeded" (the scan fails).
        'StreamMaxLength 25M',
        '',
      ].join('\n'),
    );
  }

  get address(): string {
    return this.socket;
  }

  /** Starts clamd and resolves once it answers PING. */
  async start(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      return;
    }
    rmSync(this.socket, { force: true });
    const child = spawn(this.bin, ['-c', this.config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    this.child = child;
    const scanner = new ClamdScanner(this.socket, 2_000);
    const deadline = Date.now() + 60_000;
    while (!(await scanner.ping())) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`clamd did not start (exit ${child.exitCode}): ${stderr.slice(-2_000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(this.socket, { force: true });
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
