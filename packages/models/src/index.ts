export * from "./onnx/index";
export * from "./runtime/index";
export * from "./lande/index";
export * from "./ocr/index";
export * from "./shard/index";
export * from "./ee/index";
export * from "./hss/index";
export * from "./lm/index";
