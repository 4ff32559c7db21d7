// What a function must declare in neosl.yaml `permissions` before a privileged call, and the error
// the call fails with when it did not. An absent `permissions` key declares none (least privilege):
// chain reads and test invocations, the caches, the database and context.env need no permission.
import type { Permission } from '../config/types.js';
import type { Blockchain } from './blockchain-types.js';
import { hasBrand, NeoError } from './neo-error.js';

/**
 * The chain methods that submit a transaction. invokeFunction is a test invocation (the SDK documents
 * it as a read: it returns the result stack and changes no state), so it needs none.
 */
export const CHAIN_WRITE_PERMISSIONS = {
  transfer: 'blockchain:transfer',
  invoke: 'blockchain:invoke',
} as const satisfies Partial<Record<keyof Blockchain, Permission>>;

export const EXECUTE_PERMISSION = 'functions:execute' satisfies Permission;
export const SECRETS_PERMISSION = 'secrets:read' satisfies Permission;

export const PERMISSION_DENIED = 'PERMISSION_DENIED';

const PERMISSION_DENIED_ERROR = Symbol.for('neosl.PermissionDeniedError');

/** The permission a chain method needs, if any. */
export function chainMethodPermission(method: string): Permission | undefined {
  return Object.hasOwn(CHAIN_WRITE_PERMISSIONS, method) ? CHAIN_WRITE_PERMISSIONS[method as keyof typeof CHAIN_WRITE_PERMISSIONS] : undefined;
}

/**
 * Thrown (as a rejection) by a call the function has no permission for. Its status is 500, not 403:
 * the missing declaration is the function's fault, not the HTTP caller's.
 */
export class PermissionDeniedError extends NeoError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return Function.prototype[Symbol.hasInstance].call(this, value) || (this === PermissionDeniedError && hasBrand(value, PERMISSION_DENIED_ERROR));
  }

  constructor(functionName: string, permission: Permission, call: string) {
    super(
      PERMISSION_DENIED,
      `${call} needs the "${permission}" permission, which function "${functionName}" does not declare: ` +
        `add "${permission}" to functions.${functionName}.permissions in neosl.yaml`,
      { function: functionName, permission, call },
    );
    this.name = 'PermissionDeniedError';
  }
}

Object.defineProperty(PermissionDeniedError.prototype, PERMISSION_DENIED_ERROR, { value: true });

/** Rejects calls that need a permission outside `granted`. */
export class PermissionCheck {
  private readonly granted: ReadonlySet<Permission>;

  constructor(
    readonly functionName: string,
    granted: Iterable<Permission>,
  ) {
    this.granted = new Set(granted);
  }

  has(permission: Permission): boolean {
    return this.granted.has(permission);
  }

  /** Undefined when allowed, else the error to reject `call` with. */
  denial(permission: Permission | undefined, call: string): PermissionDeniedError | undefined {
    if (permission === undefined || this.granted.has(permission)) return undefined;
    return new PermissionDeniedError(this.functionName, permission, call);
  }
}

/** `blockchain` whose writes reject without their permission (reads pass through unchanged). */
export function guardBlockchain(blockchain: Blockchain, check: PermissionCheck): Blockchain {
  const guarded: Record<string, unknown> = {};
  for (const [method, permission] of Object.entries(CHAIN_WRITE_PERMISSIONS)) {
    const write = (blockchain as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[method]!;
    guarded[method] = (...args: unknown[]) => {
      const denied = check.denial(permission, `blockchain.${method}()`);
      return denied ? Promise.reject(denied) : write.apply(blockchain, args);
    };
  }
  return new Proxy(blockchain, {
    get(target, key) {
      if (typeof key === 'string' && Object.hasOwn(guarded, key)) return guarded[key];
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
