import { createReadStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { StorageConfig } from '@app/config';

/** Where file contents live; the database keeps only metadata and the key. */
export abstract class FileStorage {
  /** Moves a fully written temporary file into the store under `key`. */
  abstract adopt(temporaryPath: string, key: string): Promise<void>;
  abstract read(key: string): Readable;
  abstract remove(key: string): Promise<void>;
  /** A path on the same file system as the store, so adopting is a rename. */
  abstract temporaryPath(name: string): Promise<string>;
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
