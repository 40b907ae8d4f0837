export * from "./features";
export { buildLandeModel, writeLandeModel, LANDE_INPUT, LANDE_OUTPUT } from "./convert";
