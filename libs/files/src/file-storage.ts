import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { StorageConfig } from '@app/config';

/** An upload written to a temporary file and hashed on the way; nothing is in the store until it is adopted. */
export interface ReceivedUpload {
  key: string;
  temporaryPath: string;
  size: number;
  sha256: string;
  /** The first bytes, to judge what the file really is whatever its name says. */
  head: Buffer;
}

/** Where file contents live; the database keeps only metadata and the key. */
export abstract class FileStorage {
  /** Moves a fully written temporary file into the store under `key`. */
  abstract adopt(temporaryPath: string, key: string): Promise<void>;
  abstract read(key: string): Readable;
  abstract remove(key: string): Promise<void>;
  /** A path on the same file system as the store, so adopting is a rename. */
  abstract temporaryPath(name: string): Promise<string>;

  /** Streams `content` to a temporary file under a new key, hashing it and keeping its first `headBytes`. */
  async receive(content: Readable, headBytes: number): Promise<ReceivedUpload> {
    const key = randomUUID();
    const temporaryPath = await this.temporaryPath(key);
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    let size = 0;
    const inspect = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        if (head.length < headBytes) head = Buffer.concat([head, chunk.subarray(0, headBytes - head.length)]);
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(content, inspect, createWriteStream(temporaryPath));
    } catch (error) {
      await rm(temporaryPath, { force: true });
      throw error;
    }
    return { key, temporaryPath, size, sha256: hash.digest('hex'), head };
  }

  /** Forgets a refused upload, adopted or not. */
  async discard(upload: ReceivedUpload): Promise<void> {
    await rm(upload.temporaryPath, { force: true });
    await this.remove(upload.key).catch(() => undefined);
  }
}

@Injectable()
export class LocalDiskFileStorage extends FileStorage {
  private readonly root: string;

  constructor(config: StorageConfig) {
    super();
    this.root = path.resolve(config.fileStorageDir);
  }

  async adopt(temporaryPath: string, key: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(temporaryPath, target);
  }

  read(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async temporaryPath(name: string): Promise<string> {
    const directory = path.join(this.root, 'tmp');
    await mkdir(directory, { recursive: true });
    return path.join(directory, name);
  }

  /** Keys are generated ids; two-level fan-out keeps directories small. */
  private pathOf(key: string): string {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error(`Invalid storage key ${key}`);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }
}
