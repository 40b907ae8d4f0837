// Test helpers for every package's tests: `import { makeSignedTx, startTestChain } from "@nesa/chain/testing"`.
export { DEFAULT_TEST_FEE, type MakeSignedTxParams, makeSignedTx, msgSend } from "./make-signed-tx";
export { type TestChain, startTestChain } from "./test-chain";
export { stateSnapshot } from "./state-snapshot";
export { queryAccount, queryBalance } from "./queries";
export { CometNet, type CometNetOptions, cometbftBinary, freePort, rpc } from "../abci/testing/comet-net";
