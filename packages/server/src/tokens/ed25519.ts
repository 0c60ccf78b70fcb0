// Ed25519 signing for the token hot path. node:crypto's one-shot `sign` takes ≈ 35 µs per token
// on the reference machine, most of it OpenSSL 3 setting up a signing context on every call;
// libsodium (the `sodium-native` package's prebuilt binary) signs the same message in ≈ 18 µs.
// Ed25519 signatures are deterministic, so both give the same bytes (tested): libsodium is used
// where its binary loads, node:crypto everywhere else.
import { sign, type KeyObject } from "node:crypto";
import { createRequire } from "node:module";

/** The part of sodium-native used here. */
interface Sodium {
  crypto_sign_BYTES: number;
  crypto_sign_detached(signature: Buffer, message: Buffer, secretKey: Buffer): void;
}

function loadSodium(): Sodium | undefined {
  try {
    return createRequire(import.meta.url)("sodium-native") as Sodium;
  } catch {
    // No prebuilt binary for this platform: node:crypto signs instead.
    return undefined;
  }
}

const sodium = loadSodium();

export type Ed25519Implementation = "libsodium" | "node:crypto";

/** Which implementation `ed25519Signer` uses by default in this process. */
export const defaultEd25519Implementation: Ed25519Implementation = sodium ? "libsodium" : "node:crypto";

/** Signs messages with one private key; returns the 64-byte signature. */
export type Ed25519Signer = (message: Buffer) => Buffer;

export function ed25519Signer(privateKey: KeyObject, implementation: Ed25519Implementation = defaultEd25519Implementation): Ed25519Signer {
  if (implementation === "libsodium") {
    if (!sodium) throw new Error("libsodium (sodium-native) is not available on this platform");
    // libsodium's secret key is the 32-byte seed followed by the 32-byte public key.
    const { d, x } = privateKey.export({ format: "jwk" });
    const secretKey = Buffer.concat([Buffer.from(d as string, "base64url"), Buffer.from(x as string, "base64url")]);
    return (message) => {
      const signature = Buffer.allocUnsafe(sodium.crypto_sign_BYTES);
      sodium.crypto_sign_detached(signature, message, secretKey);
      return signature;
    };
  }
  return (message) => sign(null, message, privateKey);
}
