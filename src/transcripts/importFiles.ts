// The files an import keeps beside the store, in its own folder `imports/` (private, like the
// store's): how far each transcript was read (so unchanged files are skipped and grown ones read
// from where they were left), and the import handed to a live cc-top with its answer. Names carry
// the store's file name, so two stores in one folder never take each other's imports.
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as v from 'valibot';
import { readFileBounded, writeFileVerified } from '../files/safeWrite.js';
import { checkPrivateFolder } from '../files/privateFolder.js';

export function importsDir(storePath: string): string {
  return join(dirname(storePath), 'imports');
}

const prefix = (storePath: string) => `${basename(storePath)}.`;

export function marksPath(storePath: string): string {
  return join(importsDir(storePath), `${prefix(storePath)}marks.json`);
}

export function batchPath(storePath: string, id: string): string {
  return join(importsDir(storePath), `${prefix(storePath)}${id}.batch.json`);
}

export function resultPath(storePath: string, id: string): string {
  return join(importsDir(storePath), `${prefix(storePath)}${id}.result.json`);
}

/** The id of a batch file of this store, or undefined for any other name. */
export function batchIdOf(storePath: string, name: string): string | undefined {
  const p = prefix(storePath);
  if (!name.startsWith(p) || !name.endsWith('.batch.json')) return undefined;
  const id = name.slice(p.length, -'.batch.json'.length);
  return /^[a-z0-9-]{1,64}$/.test(id) ? id : undefined;
}

/** Write one of the import's files, after checking its folder is cc-top's alone. */
export async function writeImportFile(path: string, text: string, options: { fsync?: boolean } = {}): Promise<void> {
  const unsafe = await checkPrivateFolder(dirname(path));
  if (unsafe) throw new Error(unsafe);
  await writeFileVerified(path, text, options);
}

/** How far one transcript was read. */
export interface FileMark {
  session: string;
  size: number;
  mtimeMs: number;
  /** Offset just past the last whole line read. */
  readTo: number;
  /** Offset from which the file may still change what it adds (after its last cost-state): reading resumes here. */
  openFrom: number;
}

export interface Marks {
  /** The `createdAt` of the store these marks belong to: a new store starts from nothing. */
  storeCreatedAt: number | null;
  files: Map<string, FileMark>;
}

/** Marks files are small (a line per transcript); past this it is not one cc-top wrote. */
const MAX_MARKS_BYTES = 64 * 1024 * 1024;
const offset = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const MarksSchema = v.object({
  version: v.literal(1),
  storeCreatedAt: v.nullable(offset),
  files: v.array(v.tuple([v.string(), v.object({ session: v.string(), size: offset, mtimeMs: offset, readTo: offset, openFrom: offset })])),
});

/** Never throws: missing or unreadable marks mean "read everything" (imports are idempotent). */
export async function readMarks(storePath: string): Promise<Marks> {
  try {
    const parsed = v.safeParse(MarksSchema, JSON.parse(await readFileBounded(marksPath(storePath), MAX_MARKS_BYTES)));
    if (parsed.success) return { storeCreatedAt: parsed.output.storeCreatedAt, files: new Map(parsed.output.files) };
  } catch {
    // fall through
  }
  return { storeCreatedAt: null, files: new Map() };
}

export async function writeMarks(storePath: string, marks: Marks): Promise<void> {
  // Not flushed to disk: marks lost in a crash only mean reading more next time (the store's
  // import records, which are flushed, are what keeps anything from counting twice).
  await writeImportFile(marksPath(storePath), JSON.stringify({ version: 1, storeCreatedAt: marks.storeCreatedAt, files: [...marks.files] }), { fsync: false });
}

/**
 * The store's `createdAt`, read from the start of its file (the writer puts it there), without
 * reading the whole store: enough to know the marks still belong to it. Null when there is none.
 */
export async function storeCreatedAt(storePath: string): Promise<number | null> {
  let handle;
  try {
    handle = await open(storePath, 'r');
    const head = Buffer.alloc(256);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const m = /"createdAt":(\d{1,16})[,}]/.exec(head.toString('utf8', 0, bytesRead));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}
