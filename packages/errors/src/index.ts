export { isNesaError, NesaError, type NesaErrorParameters } from "./nesa-error";
