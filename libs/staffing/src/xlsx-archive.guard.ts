import { open } from 'node:fs/promises';
import { createInflateRaw, crc32 } from 'node:zlib';

/**
 * An XLSX file is a zip archive, and exceljs trusts it: a damaged entry (one whose checksum
 * fails) makes its streaming reader wait forever, a zip bomb unpacks gigabytes, and a cell in
 * column 1 000 000 makes a row of a million cells. So an uploaded XLSX is checked before it is
 * streamed: its zip directory is read, every entry is unpacked once into nothing (memory stays
 * at one chunk) with its size and CRC-32 checked against the directory, and the worksheets'
 * cell references are scanned for the column limit. Every reader of an uploaded XLSX (rosters,
 * standards and targets, the small tables of proposals and recruitment outcomes) runs this one
 * check, and the check is bounded: when it reads and unpacks nothing for `stallMs` the file is
 * refused rather than waited for.
 */
export interface XlsxLimits {
  /** What all entries may unpack to together. */
  maxUnpackedBytes: number;
  /** How many times larger than its packed size an entry of more than 1 MiB may unpack (zip bombs run at 1000). */
  maxRatio: number;
  /** The last column a worksheet may use (1-based). */
  maxColumns: number;
}

/** Roster sheets: a national roster of a million rows unpacks to about 1 GiB; rosters have 13 columns. */
export const XLSX_LIMITS: XlsxLimits = { maxUnpackedBytes: 4 * 1024 ** 3, maxRatio: 200, maxColumns: 1024 };

/** How long reading an XLSX archive may make no progress (read no byte, unpack or deliver nothing) before the file counts as damaged. */
export const XLSX_STALL_MS = 30_000;

/** Where an archive's bytes are read from: a file on disk, or an upload held in memory. */
export interface ByteSource {
  readonly size: number;
  /** Reads up to `length` bytes at `position` into the start of `buf`; answers how many it read (0 at the end). */
  read(buf: Buffer, length: number, position: number): Promise<number>;
  close(): Promise<void>;
}

async function fileSource(path: string): Promise<ByteSource> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    return {
      size,
      read: async (buf, length, position) => (await fh.read(buf, 0, length, position)).bytesRead,
      close: () => fh.close(),
    };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

function bufferSource(bytes: Buffer): ByteSource {
  return {
    size: bytes.length,
    read: async (buf, length, position) => bytes.copy(buf, 0, position, Math.min(bytes.length, position + length)),
    close: async () => {},
  };
}

/**
 * What the check learnt on its way through the archive, for the reader that streams it next:
 * the workbook's own entries (its sheet list and their relationships), unpacked and checked, and
 * how many `<row>` elements each worksheet holds.
 */
export interface XlsxArchive {
  /** `xl/workbook.xml`: the sheets' names, states and relationship ids. */
  readonly workbookXml: Buffer;
  /** `xl/_rels/workbook.xml.rels`: which entry each sheet is (null when the archive has none). */
  readonly workbookRels: Buffer | null;
  /** The `<row>` elements of each worksheet entry, by entry name (`xl/worksheets/sheet1.xml`). */
  readonly rows: ReadonlyMap<string, number>;
}

const WORKBOOK_XML = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';

/** Raised for an archive that is not a readable spreadsheet; the message says what is wrong and is shown to the uploader. */
export class XlsxArchiveError extends Error {
  override readonly name = 'XlsxArchiveError';
}

/**
 * Refuses the check once it has made no progress for `ms`: damaged archives have made unpacking
 * code wait for an event that never comes. The stuck step is woken (its inflater destroyed) so
 * the check ends and closes its file.
 */
class Watchdog {
  private last = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The inflater at work, destroyed when the check stalls. */
  current: { destroy(): void } | null = null;
  readonly stalled: Promise<never>;

  constructor(ms: number) {
    this.stalled = new Promise<never>((_, reject) => {
      this.timer = setInterval(
        () => {
          if (Date.now() - this.last <= ms) return;
          this.stop();
          this.stopped = true;
          this.current?.destroy();
          reject(new XlsxArchiveError(`the XLSX file cannot be read: its archive yielded nothing for ${ms / 1000} s (a damaged file)`));
        },
        Math.min(1000, ms),
      );
    });
    this.stalled.catch(() => {});
  }

  /** Progress was made; throws once the check was given up, so the abandoned work stops at its next step. */
  tick(): void {
    if (this.stopped) throw new XlsxArchiveError('the XLSX archive check was given up');
    this.last = Date.now();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

interface Entry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  packed: number;
  unpacked: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MiB = 1024 * 1024;

const size = (n: number): string => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GiB` : `${(n / MiB).toFixed(1)} MiB`);

async function readAt(src: ByteSource, watch: Watchdog, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const bytesRead = await src.read(buf, length, position);
  watch.tick();
  return buf.subarray(0, bytesRead);
}

/** The entries listed in the archive's central directory. */
async function directory(src: ByteSource, watch: Watchdog): Promise<Entry[]> {
  const fileSize = src.size;
  // the end record is the last 22 bytes plus a comment of up to 64 KiB
  const tailStart = Math.max(0, fileSize - 22 - 0xffff);
  const tail = await readAt(src, watch, tailStart, fileSize - tailStart);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new XlsxArchiveError('the XLSX file is damaged or cut short: its zip directory is missing');
  const count = tail.readUInt16LE(at + 10);
  const cdSize = tail.readUInt32LE(at + 12);
  const cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
    throw new XlsxArchiveError('the XLSX file is a ZIP64 archive (over 4 GiB): a roster file is far smaller');
  if (cdOffset + cdSize > tailStart + at)
    throw new XlsxArchiveError('the XLSX file is damaged or cut short: its zip directory points past its end');
  const cd = await readAt(src, watch, cdOffset, cdSize);
  const entries: Entry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
      throw new XlsxArchiveError('the XLSX file is damaged: its zip directory is broken');
    const nameLength = cd.readUInt16LE(p + 28);
    entries.push({
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      crc: cd.readUInt32LE(p + 16),
      packed: cd.readUInt32LE(p + 20),
      unpacked: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
  }
  return entries;
}

/** Column number of letters A..XFD (A = 1). */
function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

/**
 * Counts the rows of a worksheet's XML and the cells of each row, and reads the column of each
 * cell reference, chunk by chunk; throws when a row goes past the column limit.
 */
class ColumnScanner {
  private carry = '';
  private cellsInRow = 0;
  /** The `<row>` elements seen. */
  rows = 0;
  private static readonly TOKEN = /<row(?=[\s>/])|<c(?=[\s>/])|\sr="([A-Z]+)\d+"/g;

  constructor(
    private readonly entry: string,
    private readonly maxColumns: number,
  ) {}

  push(chunk: Buffer, last: boolean): void {
    // latin1: one character per byte, so a chunk boundary never splits a character
    const text = this.carry + chunk.toString('latin1');
    // a token may be cut at the end of the chunk: leave the last 32 characters for the next one
    const safe = last ? text.length : Math.max(0, text.length - 32);
    const re = ColumnScanner.TOKEN;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let consumed = 0;
    while ((m = re.exec(text)) !== null && m.index < safe) {
      consumed = re.lastIndex;
      const token = m[0];
      if (token.startsWith('<row')) {
        this.cellsInRow = 0;
        this.rows++;
      } else if (token.startsWith('<c')) this.cellsInRow++;
      const column = m[1] ? (m[1].length > 4 ? Infinity : columnNumber(m[1])) : this.cellsInRow;
      if (column > this.maxColumns) {
        const where = m[1] ? `a cell in column ${m[1]}` : `a row of more than ${this.maxColumns} cells`;
        throw new XlsxArchiveError(`the XLSX file has ${where} (${this.entry}): a sheet may use at most ${this.maxColumns} columns`);
      }
    }
    this.carry = text.slice(Math.max(consumed, safe));
  }
}

/**
 * Unpacks one entry, checking its size, its CRC-32 and (for worksheets) its columns; answers a
 * worksheet's rows, and the workbook's own entries whole (`keep`). Other entries unpack into nothing.
 */
async function verifyEntry(
  src: ByteSource,
  watch: Watchdog,
  e: Entry,
  limits: XlsxLimits,
  keep: boolean,
): Promise<{ rows: number | null; bytes: Buffer | null }> {
  const local = await readAt(src, watch, e.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL)
    throw new XlsxArchiveError(`the XLSX file is damaged: entry ${e.name} is missing`);
  const start = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const columns = /^xl\/worksheets\/[^/]+\.xml$/.test(e.name) ? new ColumnScanner(e.name, limits.maxColumns) : null;
  const kept: Buffer[] | null = keep ? [] : null;
  let crc = 0;
  let unpacked = 0;
  const take = (chunk: Buffer, last: boolean): void => {
    watch.tick();
    unpacked += chunk.length;
    if (unpacked > e.unpacked)
      throw new XlsxArchiveError(
        `the XLSX file is damaged or a zip bomb: entry ${e.name} unpacks to more than the ${e.unpacked} bytes it declares`,
      );
    crc = crc32(chunk, crc);
    columns?.push(chunk, last);
    if (kept) kept.push(chunk);
  };
  const packedChunks = async function* (): AsyncGenerator<Buffer> {
    const buf = Buffer.allocUnsafe(Math.min(MiB, Math.max(e.packed, 1)));
    for (let at = 0; at < e.packed;) {
      const bytesRead = await src.read(buf, Math.min(buf.length, e.packed - at), start + at);
      watch.tick();
      if (bytesRead === 0) throw new XlsxArchiveError(`the XLSX file is cut short inside entry ${e.name}`);
      at += bytesRead;
      yield Buffer.from(buf.subarray(0, bytesRead));
    }
  };
  if (e.method === 0) {
    for await (const chunk of packedChunks()) take(chunk, false);
  } else {
    const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
    watch.current = inflate;
    const feeding = (async () => {
      try {
        // a full inflater that then fails on bad data is destroyed and never drains: wait for either
        // (waiting for 'drain' alone hung the check for ever on an archive with overwritten deflate data)
        for await (const chunk of packedChunks())
          if (!inflate.write(chunk)) await new Promise((r) => (inflate.once('drain', r), inflate.once('close', r)));
        inflate.end();
      } catch (err) {
        inflate.destroy(err as Error);
      }
    })();
    try {
      for await (const chunk of inflate) take(chunk as Buffer, false);
    } catch (err) {
      inflate.destroy();
      if (err instanceof XlsxArchiveError) throw err;
      throw new XlsxArchiveError(`the XLSX file is damaged: entry ${e.name} cannot be unpacked (${(err as Error).message})`);
    } finally {
      await feeding;
    }
  }
  columns?.push(Buffer.alloc(0), true);
  if (unpacked !== e.unpacked || crc >>> 0 !== e.crc)
    throw new XlsxArchiveError(`the XLSX file is damaged: entry ${e.name} fails its checksum`);
  return { rows: columns ? columns.rows : null, bytes: kept ? Buffer.concat(kept) : null };
}

/**
 * Checks an XLSX archive (a file's path, or an upload in memory) before it is read, and answers
 * what a streaming reader needs from it (`XlsxArchive`); throws XlsxArchiveError with a sentence
 * for the uploader, also when the check makes no progress for `stallMs`.
 */
export async function checkXlsxArchive(
  file: string | Buffer | ByteSource,
  limits: XlsxLimits = XLSX_LIMITS,
  stallMs: number = XLSX_STALL_MS,
): Promise<XlsxArchive> {
  const src = typeof file === 'string' ? await fileSource(file) : Buffer.isBuffer(file) ? bufferSource(file) : file;
  const watch = new Watchdog(stallMs);
  const check = async (): Promise<XlsxArchive> => {
    try {
      return await checkEntries(src, watch, limits);
    } finally {
      await src.close();
    }
  };
  try {
    return await Promise.race([check(), watch.stalled]);
  } finally {
    watch.stop();
  }
}

async function checkEntries(src: ByteSource, watch: Watchdog, limits: XlsxLimits): Promise<XlsxArchive> {
  const entries = await directory(src, watch);
  if (!entries.some((e) => e.name === WORKBOOK_XML))
    throw new XlsxArchiveError('the file is a zip archive but not an XLSX workbook (it has no xl/workbook.xml)');
  let declared = 0;
  for (const e of entries) {
    if (e.flags & 1) throw new XlsxArchiveError('the XLSX file is password-protected: save it without a password');
    if (e.method !== 0 && e.method !== 8)
      throw new XlsxArchiveError(
        `the XLSX file packs entry ${e.name} with zip method ${e.method}; save it again from a spreadsheet program`,
      );
    declared += e.unpacked;
    if (e.unpacked > MiB && e.unpacked > e.packed * limits.maxRatio)
      throw new XlsxArchiveError(
        `the XLSX file is a zip bomb: entry ${e.name} unpacks ${Math.round(e.unpacked / Math.max(e.packed, 1))} times larger than it is packed (at most ${limits.maxRatio})`,
      );
  }
  if (declared > limits.maxUnpackedBytes)
    throw new XlsxArchiveError(
      `the XLSX file unpacks to ${size(declared)}, more than the ${size(limits.maxUnpackedBytes)} a sheet may take: split it`,
    );
  let workbookXml = Buffer.alloc(0);
  let workbookRels: Buffer | null = null;
  const rows = new Map<string, number>();
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const found = await verifyEntry(src, watch, e, limits, e.name === WORKBOOK_XML || e.name === WORKBOOK_RELS);
    if (found.rows !== null) rows.set(e.name, found.rows);
    if (e.name === WORKBOOK_XML) workbookXml = found.bytes!;
    if (e.name === WORKBOOK_RELS) workbookRels = found.bytes;
  }
  return { workbookXml, workbookRels, rows };
}
