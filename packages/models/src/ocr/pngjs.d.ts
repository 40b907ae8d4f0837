// pngjs ships no types and @types/pngjs is not installed; we use only its sync codec.
declare module "pngjs" {
  interface PngData {
    width: number;
    height: number;
    data: Buffer;
  }
  const pngjs: {
    PNG: {
      sync: {
        read(buffer: Buffer): PngData;
        write(png: PngData, options?: { colorType?: number }): Buffer;
      };
    };
  };
  export default pngjs;
}
