// A generator thread: builds chunks of cases as COPY text and hands them to the loader thread,
// which streams them to PostgreSQL. Generation (triage, normalisation, search documents) is CPU
// work; keeping it off the loader's event loop lets both run at once on two cores.
import { parentPort, workerData } from 'node:worker_threads';
import { CaseFactory, type FactoryConfig, type TableName } from './case-factory';

export type ChunkRequest = { chunk: number; from: number; to: number };
export type ChunkReply = {
  chunk: number;
  tables: Record<TableName, Uint8Array>;
  rows: Record<TableName, number>;
  firstCreatedAt: number;
  lastCreatedAt: number;
  generateMs: number;
};

const factory = new CaseFactory(workerData as FactoryConfig);

parentPort!.on('message', (request: ChunkRequest) => {
  const started = performance.now();
  const built = factory.buildChunk(request.chunk, request.from, request.to);
  const reply: ChunkReply = {
    chunk: built.chunk,
    tables: built.tables,
    rows: built.rows,
    firstCreatedAt: built.firstCreatedAt,
    lastCreatedAt: built.lastCreatedAt,
    generateMs: performance.now() - started,
  };
  parentPort!.postMessage(
    reply,
    Object.values(built.tables).map((t) => t.buffer as ArrayBuffer),
  );
});
parentPort!.postMessage({ ready: true });
