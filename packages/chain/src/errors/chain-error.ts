// One error shape for chain, client and miner: {codespace, code, shortMessage, details}.
// Codes are registered once per codespace and never renumbered (cosmos-sdk errors.Register).

export class ChainError extends Error {
  readonly codespace: string;
  readonly code: number;
  readonly shortMessage: string;
  readonly details?: string;

  constructor(codespace: string, code: number, shortMessage: string, details?: string) {
    super(details ? `${details}: ${shortMessage}` : shortMessage);
    this.name = "ChainError";
    this.codespace = codespace;
    this.code = code;
    this.shortMessage = shortMessage;
    this.details = details;
  }
}

export interface RegisteredError {
  readonly codespace: string;
  readonly code: number;
  readonly description: string;
  /** A ChainError with this code; `details` says what exactly was wrong and what to do. */
  wrap(details?: string): ChainError;
  /** True when `err` carries this codespace and code. */
  is(err: unknown): boolean;
}

const registry = new Map<string, RegisteredError>();

export function registerError(codespace: string, code: number, description: string): RegisteredError {
  if (code === 1) throw new Error(`code 1 is reserved (codespace ${codespace})`);
  const id = `${codespace}/${code}`;
  if (registry.has(id)) throw new Error(`error ${id} is already registered`);
  const registered: RegisteredError = {
    codespace,
    code,
    description,
    wrap: (details?: string) => new ChainError(codespace, code, description, details),
    is: (err: unknown) => err instanceof ChainError && err.codespace === codespace && err.code === code,
  };
  registry.set(id, registered);
  return registered;
}

export function registeredErrors(): RegisteredError[] {
  return [...registry.values()];
}
