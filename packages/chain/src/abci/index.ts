// nesad behind CometBFT (ABCI 2.0): the socket server, the app adapter and the validator homes.
export { AbciApp, type AbciAppOptions } from "./adapter";
export { startAbciServer, parseAbciAddress, type AbciServer } from "./server";
export { setupValidatorHomes, cometGenesis, cometNodeId, setToml, type ValidatorHome, type ValidatorPorts, type SetupValidatorsOptions } from "./cometbft-setup";
export { encodeBeaconTx, decodeBeaconTx, isBeaconTx, beaconProblem } from "./beacon-tx";
export { ValidatorSet, consensusAddress, loadAbciHome } from "./validator-set";
export { validatorHomeLayout } from "./cometbft-setup";
export { cometbftBinary, appProcess, nodeProcess, abciListening, type ProcessSpec } from "./validator-process";
