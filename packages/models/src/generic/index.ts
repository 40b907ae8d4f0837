export { checkModel, MAX_IR_VERSION, OPSET_RANGE, UnsupportedModelError } from "./check-model";
export { buildConvNet, type ConvNetOptions } from "./conv-net";
export { eeShape, prepareOnnx, type PrepareOnnxOptions } from "./prepare-onnx";
