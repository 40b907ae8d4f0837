// MsgRegisterMiner: bond stake, list the models served, and publish the key HSS shares are sealed to.
import type { Logger } from "pino";
import { CosmjsTxBackend } from "../chain/tx-backend";
import { type Submitted, TxSubmitter } from "../chain/tx-submitter";
import type { MinerConfig } from "../config/miner-config";
import type { MinerKeys } from "../keys/key-file";

export async function registerMiner(config: MinerConfig, keys: MinerKeys, logger: Logger): Promise<Submitted> {
  if (config.models.length === 0) {
    throw new Error('no models to serve: set "models" in the config (e.g. ["lande"]) or pass --models lande');
  }
  const [, amount, denom] = /^([0-9]+)(.+)$/.exec(config.stake) ?? [];
  const backend = await CosmjsTxBackend.connect({ rpcUrl: config.rpcUrl, signer: keys.wallet, chainId: config.chainId, gasPrice: config.gasPrice });
  try {
    // No chain follower here: the submitter's own height poll finds the one tx.
    const submitter = new TxSubmitter({ address: keys.address, backend, logger, pollMs: 200 });
    return await submitter.submit("register", [
      {
        typeUrl: "/nesa.stakingext.v1.MsgRegisterMiner",
        value: {
          operator: keys.address,
          encryptionPubkey: Buffer.from(keys.encryptionPubkeyHex, "hex"),
          models: config.models,
          capacity: { memoryMb: BigInt(config.memoryMb), maxBatch: config.maxBatch },
          stake: { denom, amount },
        },
      },
    ]);
  } finally {
    backend.disconnect();
  }
}
