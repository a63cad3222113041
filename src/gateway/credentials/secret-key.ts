import { randomBytes } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { secretKeyBytes, type Config } from '../../config.js';
import { AppError } from '../../errors.js';

export type SecretKeySourceKind = 'environment' | 'file' | 'none';

export interface SecretKeyStatus {
  source: SecretKeySourceKind;
  /** Whether a credential can be stored now (on the embedded database a key is generated on first use). */
  canStore: boolean;
}

const KEY_FILE = 'secret.key';

/**
 * Where the key that encrypts provider credentials comes from: SWITCHBOARD_SECRET_KEY, or on
 * the embedded database a key generated once into DATA_DIR/secret.key (mode 0600), which
 * lives and is backed up with the data it protects. A server PostgreSQL gets no generated
 * key: another instance on the same database could not read it, so storing is refused.
 */
export class SecretKeySource {
  private key: Buffer | undefined;
  private fileChecked = false;

  constructor(
    private readonly options: {
      configured: string | undefined;
      database: Config['database'];
      log: { info: (object: unknown, message: string) => void };
    },
  ) {
    if (options.configured) this.key = secretKeyBytes(options.configured);
  }

  private get keyFile(): string | undefined {
    return this.options.database.kind === 'embedded' ? path.join(this.options.database.dataDir, KEY_FILE) : undefined;
  }

  status(): SecretKeyStatus {
    if (this.options.configured) return { source: 'environment', canStore: true };
    if (this.keyFile) return { source: this.key ? 'file' : 'none', canStore: true };
    return { source: 'none', canStore: false };
  }

  /** The key for reading stored credentials; undefined when none exists yet. */
  async current(): Promise<Buffer | undefined> {
    if (this.key || this.fileChecked || !this.keyFile) return this.key;
    this.key = await readKeyFile(this.keyFile);
    this.fileChecked = true;
    return this.key;
  }

  /** The key for storing a credential, generated on the embedded database the first time. */
  async forWriting(): Promise<Buffer> {
    const existing = await this.current();
    if (existing) return existing;
    const file = this.keyFile;
    if (!file) {
      throw new AppError(
        'secret_key_required',
        'Set SWITCHBOARD_SECRET_KEY (32 random bytes as 64 hex digits or base64, e.g. from "openssl rand -hex 32") on every instance and restart, then store the credential again. Until then the gateway uses the provider keys from the environment.',
      );
    }
    // Two first stores at once share one generation.
    this.generating ??= this.generate(file).finally(() => (this.generating = undefined));
    return this.generating;
  }

  private generating: Promise<Buffer> | undefined;

  private async generate(file: string): Promise<Buffer> {
    // Written whole under a temporary name, then linked into place: link fails if the file
    // exists, so a key that already encrypts credentials is never overwritten, and no reader
    // ever sees a half-written file.
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      await link(temporary, file);
      this.options.log.info({ file }, 'generated a secret key for stored provider credentials; back it up with the data directory');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
    this.key = await readKeyFile(file);
    if (!this.key) throw new AppError('internal', `${file} does not hold a 32-byte key.`);
    return this.key;
  }
}

async function readKeyFile(file: string): Promise<Buffer | undefined> {
  try {
    return secretKeyBytes((await readFile(file, 'utf8')).trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
