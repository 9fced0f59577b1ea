import argon2 from 'argon2';

export const MIN_PASSWORD_LENGTH = 12;

// argon2id with the library defaults (64 MiB, 3 passes): OWASP's recommended family for passwords
export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Checked when no user matched, so an unknown email costs as long as a wrong password.
let dummyHash: Promise<string> | null = null;
export async function spendPasswordTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('formasi-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}
