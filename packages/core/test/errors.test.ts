import { describe, expect, it } from 'vitest';
import { FileError, MlcompareError } from '../src/index.js';

describe('FileError', () => {
  it('names the action, the path and the system reason in words with its code, and keeps the code', () => {
    const full = FileError.of('write', 'out/run.json', Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    expect(full).toBeInstanceOf(MlcompareError);
    expect([full.code, full.errno, full.message]).toEqual(['MLCOMPARE_FILE', 'ENOSPC', "Cannot write 'out/run.json': the disk is full (ENOSPC)."]);
    expect(FileError.of('create the run folder', '/ro/out', { code: 'EROFS' }).message).toBe("Cannot create the run folder '/ro/out': the file system is read-only (EROFS).");
    // an unlisted code keeps Node's words, without its code prefix
    expect(FileError.of('read', 'x', Object.assign(new Error('ELOOP: too many symbolic links encountered'), { code: 'ELOOP' })).message).toBe(
      "Cannot read 'x': too many symbolic links encountered (ELOOP).",
    );
    expect(FileError.of('read', 'x', new Error('odd')).errno).toBeUndefined();
  });
});
