import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "out/**", ".vscode-test/**", "node_modules/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-restricted-imports": ["error", { paths: [{ name: "vscode", message: "Only src/extension and test/host may import vscode." }] }],
    },
  },
  { files: ["src/extension/**", "test/host/**"], rules: { "no-restricted-imports": "off" } },
  { files: ["esbuild.js"], languageOptions: { globals: { require: "readonly", process: "readonly", console: "readonly", __dirname: "readonly" } }, rules: { "@typescript-eslint/no-require-imports": "off" } },
);
