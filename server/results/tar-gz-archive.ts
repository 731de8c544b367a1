import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';

const blockSize = 512;

/** A ustar header for a regular file: name, mode 0644, size and time in octal, and the checksum over the header. */
function ustarHeader(name: string, size: number, modified: Date): Buffer {
  if (Buffer.byteLength(name) > 100) throw new RangeError(`"${name}" is longer than a tar name may be (100 bytes)`);
  const header = Buffer.alloc(blockSize);
  const octal = (value: number, width: number) => `${value.toString(8).padStart(width - 1, '0')}\0`;
  header.write(name, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(Math.floor(modified.getTime() / 1000), 12), 136, 'ascii');
  header.write('        ', 148, 'ascii'); // the checksum counts its own field as spaces
  header.write('0', 156, 'ascii');
  header.write('ustar\u000000', 257, 'ascii');
  let checksum = 0;
  for (const byte of header) checksum += byte;
  header.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

async function* tarBlocks(directory: string, files: readonly string[], folder: string): AsyncGenerator<Buffer> {
  for (const file of files) {
    const path = join(directory, file);
    const { size, mtime } = await stat(path);
    yield ustarHeader(`${folder}/${file}`, size, mtime);
    for await (const chunk of createReadStream(path)) yield chunk as Buffer;
    const padding = (blockSize - (size % blockSize)) % blockSize;
    if (padding > 0) yield Buffer.alloc(padding);
  }
  yield Buffer.alloc(2 * blockSize); // the end of the archive: two empty blocks
}

/**
 * The files of `directory` as a gzip-compressed tar archive (POSIX ustar),
 * each under `folder/`, streamed file by file so a large CSV never sits in
 * memory. Opens with `tar -xzf` and any unzip tool that reads .tar.gz.
 *
 * @example
 * tarGzArchive('/tmp/pkg', ['participants.csv', 'analysis.R'], 'loan-anchor-package').pipe(response);
 * @throws RangeError (while streaming) for a name longer than 100 bytes.
 */
export function tarGzArchive(directory: string, files: readonly string[], folder: string): Readable {
  const gzip = createGzip();
  // pipeline ends both on an error of either, so a reader sees the failure instead of a truncated archive.
  pipeline(Readable.from(tarBlocks(directory, files, folder)), gzip, () => undefined);
  return gzip;
}
