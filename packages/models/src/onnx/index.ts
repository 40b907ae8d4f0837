export * from "./proto";
export * from "./onnx-io";
export * from "./graph";
export * from "./tensors";
