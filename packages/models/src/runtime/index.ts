export * from "./session";
export * from "./model-path";
