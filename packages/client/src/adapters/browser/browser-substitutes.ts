// Which @nesa/models files a browser bundle replaces, and with what: the two that read package data through
// node:fs. A bundler plugin (the playground's) redirects imports of the left-hand files to the right-hand ones.
export const BROWSER_SUBSTITUTES: Readonly<Record<string, string>> = {
  "packages/models/src/lande/lande-data.ts": "packages/client/src/adapters/browser/lande-data.browser.ts",
  "packages/models/src/ocr/assets.ts": "packages/client/src/adapters/browser/ocr-assets.browser.ts",
};
