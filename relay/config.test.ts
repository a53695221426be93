import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('parseConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ PORT: 8080, HOST: '0.0.0.0', DATA_DIR: './data', MAX_FRAME_BYTES: 262144 });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('has secure token lifetimes and limits by default, and no JWT secret of its own', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      ACCESS_TOKEN_TTL_SECONDS: 900,
      REFRESH_TOKEN_TTL_SECONDS: 2_592_000,
      API_RATE_LIMIT_PER_MINUTE: 300,
      LOGIN_MAX_FAILURES: 5,
      TRUST_PROXY: false,
    });
    expect(config.JWT_SECRET).toBeUndefined();
  });

  it('keeps media on disk by default, and an S3 store needs its bucket and keys', () => {
    expect(parseConfig({}).MEDIA_STORE).toBe('disk');
    expect(() => parseConfig({ MEDIA_STORE: 's3' })).toThrow(
      /MEDIA_S3_BUCKET: required when MEDIA_STORE=s3; MEDIA_S3_ACCESS_KEY_ID: required when MEDIA_STORE=s3; MEDIA_S3_SECRET_ACCESS_KEY: required/,
    );
    const s3 = parseConfig({ MEDIA_STORE: 's3', MEDIA_S3_BUCKET: 'b', MEDIA_S3_ACCESS_KEY_ID: 'k', MEDIA_S3_SECRET_ACCESS_KEY: 's' });
    expect([s3.MEDIA_S3_REGION, s3.MEDIA_S3_FORCE_PATH_STYLE, s3.MEDIA_S3_ENDPOINT]).toEqual(['us-east-1', true, undefined]);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(8080);
  });

  it('parses numbers and a Postgres URL', () => {
    const config = parseConfig({ PORT: '9000', DATABASE_URL: 'postgres://u@localhost:5432/db', EVICT_GRACE_MS: '0' });
    expect(config).toMatchObject({ PORT: 9000, DATABASE_URL: 'postgres://u@localhost:5432/db', EVICT_GRACE_MS: 0 });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://localhost/db' }, /DATABASE_URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ MAX_FRAME_BYTES: '0' }, /MAX_FRAME_BYTES/],
    [{ JWT_SECRET: 'too short' }, /JWT_SECRET/],
    [{ PUBLIC_URL: 'chat.example.org' }, /PUBLIC_URL/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY/],
    [{ LOGIN_MAX_FAILURES: '0' }, /LOGIN_MAX_FAILURES/],
  ])('rejects %o with a message naming the variable', (env, pattern) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(pattern);
  });
});
