import { describe, expect, it } from "vitest";
import { privacyExposure } from "./privacy-exposure";

describe("privacyExposure", () => {
  it("refuses OCR with EE alone: the shard-0 miner gets the image", () => {
    const e = privacyExposure("ocr-rec", "EE");
    expect(e.rawInputToMiner).toBe(true);
    expect(e.level).toBe("refuse");
    expect(e.seats[0]).toMatchObject({ seat: "shard 0" });
    expect(e.seats[0].receives).toMatch(/image itself/);
    expect(e.message).toMatch(/raw input/);
  });

  it("warns for HSS-EE: no miner gets the raw input, but the combiner sees first-layer features", () => {
    for (const id of ["ocr-rec", "lande"]) {
      const e = privacyExposure(id, "HSS_EE");
      expect(e.rawInputToMiner).toBe(false);
      expect(e.level).toBe("warn");
      expect(e.seats.map((s) => s.seat).slice(0, 3)).toEqual(["share 0", "share 1", "combiner (replaces shard 0)"]);
    }
    expect(privacyExposure("ocr", "PRIVACY_HSS_EE").mode).toBe("HSS_EE");
  });

  it("warns for lande with EE (permuted, not raw, but recoverable) and rejects unknown inputs", () => {
    const e = privacyExposure("lande", "ee");
    expect(e).toMatchObject({ rawInputToMiner: false, inputRecoverable: true, level: "warn" });
    expect(() => privacyExposure("lande", "FHE")).toThrow(/unknown privacy mode "FHE"/);
    expect(() => privacyExposure("bert", "EE")).toThrow(/unknown model id "bert"/);
  });
});

describe("privacyExposure for an owner's model (prepare --onnx)", () => {
  it("refuses EE when the input is not permuted, warns when it is, and covers HSS-EE", () => {
    expect(privacyExposure("my-net", "EE", {})).toMatchObject({ level: "refuse", rawInputToMiner: true });
    expect(privacyExposure("my-net", "EE", { inputFeatures: 620 })).toMatchObject({ level: "warn", rawInputToMiner: false });
    expect(privacyExposure("my-net", "HSS_EE", {})).toMatchObject({ level: "warn", rawInputToMiner: false });
  });
});
