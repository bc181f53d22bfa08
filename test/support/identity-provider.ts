import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in identity provider for tests: a real RSA key pair, its public key published as a
 * JWKS on 127.0.0.1, and RS256 tokens signed with node:crypto (not with the library the product
 * verifies with, so that the two cannot share a mistake).
 */
export interface TestIdentityProvider {
  readonly issuer: string;
  readonly jwksUri: string;
  /** The public key as PEM (for GRAPH_CMDB_JWT_PUBLIC_KEY_FILE). */
  readonly publicKeyPem: string;
  /** A signed token; `key` signs with another key under the same key id (a forged token). */
  sign(claims: Record<string, unknown>, opts?: { key?: KeyObject }): string;
  /** A key the provider does not publish. */
  readonly strangerKey: KeyObject;
  /** How many times the JWKS was fetched. */
  fetches(): number;
  close(): Promise<void>;
}

const KID = "test-key-1";

export async function startTestIdentityProvider(): Promise<TestIdentityProvider> {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const jwks = JSON.stringify({
    keys: [{ ...publicKey.export({ format: "jwk" }), kid: KID, alg: "RS256", use: "sig" }],
  });
  let fetched = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === "/jwks.json") {
      fetched += 1;
      res.writeHead(200, { "content-type": "application/json" }).end(jwks);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  return {
    issuer: `${base}/realm`,
    jwksUri: `${base}/jwks.json`,
    publicKeyPem: publicKey.export({ format: "pem", type: "spki" }).toString(),
    strangerKey: stranger,
    sign(claims, opts = {}) {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
      const input = `${part({ alg: "RS256", typ: "JWT", kid: KID })}.${part(claims)}`;
      const signature = createSign("RSA-SHA256")
        .update(input)
        .sign(opts.key ?? privateKey)
        .toString("base64url");
      return `${input}.${signature}`;
    },
    fetches: () => fetched,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
